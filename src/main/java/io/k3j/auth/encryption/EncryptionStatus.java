package io.k3j.auth.encryption;

import java.util.List;

/**
 * What {@code secrets-encrypt status} shows.
 *
 * @param enabled    whether writes are encrypted (the first provider is not identity)
 * @param stage      the rotation stage
 * @param keys       every configured key, in order
 * @param rewritten  Secrets rewritten by the current or last re-encryption
 * @param lastError  why the last re-encryption failed, or null
 */
public record EncryptionStatus(boolean enabled, EncryptionStage stage, List<KeyInfo> keys, long rewritten,
                               String lastError) {

    /** One key as listed: never its secret. */
    public record KeyInfo(boolean active, String type, String name) {
    }

    public EncryptionStatus {
        keys = List.copyOf(keys);
    }
}
