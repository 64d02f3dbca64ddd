package io.k3j.auth.encryption;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the ordered key list: a provider and, for the encrypting ones, a named key. The identity
 * provider (plaintext) is an entry too, so the whole EncryptionConfiguration is one ordered list. toString never
 * shows the secret.
 */
public record EncryptionKey(ProviderType type, String name, byte[] secret) {

    public static final EncryptionKey IDENTITY = new EncryptionKey(ProviderType.IDENTITY, "identity", null);

    public EncryptionKey {
        Objects.requireNonNull(type);
        if (type == ProviderType.IDENTITY) {
            name = "identity";
            secret = null;
        } else {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException(type.configName() + " key: name is required");
            }
            if (secret == null || !type.acceptsKeySize(secret.length)) {
                throw new IllegalArgumentException(type.configName() + " key \"" + name + "\": secret must be "
                        + (type == ProviderType.SECRETBOX ? "32" : "16, 24 or 32") + " bytes, base64-encoded");
            }
            secret = secret.clone();
        }
    }

    public boolean identity() {
        return type == ProviderType.IDENTITY;
    }

    /** What precedes the ciphertext in the store: {@code k8s:enc:<provider>:v1:<name>:}. */
    String prefix() {
        return identity() ? "" : "k8s:enc:" + type.configName() + ":v1:" + name + ":";
    }

    @Override
    public byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptionKey k && type == k.type && name.equals(k.name) && Arrays.equals(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return type.configName() + ":" + name;
    }
}
