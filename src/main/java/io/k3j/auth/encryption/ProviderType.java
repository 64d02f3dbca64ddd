package io.k3j.auth.encryption;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The providers of upstream's EncryptionConfiguration that k3j implements, with their config names, the key
 * type K3s prints in {@code secrets-encrypt status}, and the key sizes upstream accepts.
 */
public enum ProviderType {
    AESCBC("aescbc", "AES-CBC", Set.of(16, 24, 32)),
    AESGCM("aesgcm", "AES-GCM", Set.of(16, 24, 32)),
    SECRETBOX("secretbox", "SecretBox", Set.of(32)),
    IDENTITY("identity", "Identity", Set.of());

    private final String configName;
    private final String displayName;
    private final Set<Integer> keySizes;

    ProviderType(String configName, String displayName, Set<Integer> keySizes) {
        this.configName = configName;
        this.displayName = displayName;
        this.keySizes = keySizes;
    }

    public String configName() {
        return configName;
    }

    public String displayName() {
        return displayName;
    }

    public boolean acceptsKeySize(int bytes) {
        return keySizes.contains(bytes);
    }

    /** Name K3s gives the first key it generates ("aescbckey"); rotated keys add a timestamp. */
    public String keyNameBase() {
        return configName + "key";
    }

    public static Optional<ProviderType> byConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }

    /** For --secrets-encryption-provider: the providers that encrypt. */
    public static ProviderType forFlag(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return byConfigName(v).filter(p -> p != IDENTITY).orElseThrow(() -> new IllegalArgumentException(
                "--secrets-encryption-provider \"" + value + "\" is not supported (supported: aescbc, aesgcm, secretbox)"));
    }

    ValueCipher cipher(byte[] key) {
        return switch (this) {
            case AESCBC -> new AesCbcCipher(key);
            case AESGCM -> new AesGcmCipher(key);
            case SECRETBOX -> new SecretboxCipher(key);
            case IDENTITY -> throw new IllegalStateException("identity has no cipher");
        };
    }
}
