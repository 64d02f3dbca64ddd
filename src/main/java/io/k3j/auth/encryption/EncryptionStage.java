package io.k3j.auth.encryption;

import java.util.Arrays;
import java.util.Optional;

/** K3s's key-rotation stages, as {@code secrets-encrypt status} prints them. */
public enum EncryptionStage {
    START("start"),
    PREPARE("prepare"),
    ROTATE("rotate"),
    REENCRYPT_REQUEST("reencrypt_request"),
    REENCRYPT_ACTIVE("reencrypt_active"),
    REENCRYPT_FINISHED("reencrypt_finished");

    private final String text;

    EncryptionStage(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Optional<EncryptionStage> parse(String s) {
        return Arrays.stream(values()).filter(v -> v.text.equals(s)).findFirst();
    }
}
