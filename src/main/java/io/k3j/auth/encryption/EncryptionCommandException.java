package io.k3j.auth.encryption;

/** A secrets-encrypt command was refused: {@code code} is the HTTP status the admin endpoint answers with. */
public final class EncryptionCommandException extends RuntimeException {

    private final int code;

    public EncryptionCommandException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
