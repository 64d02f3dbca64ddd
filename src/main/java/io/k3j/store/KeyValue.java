package io.k3j.store;

import java.util.Arrays;

/**
 * One version of one key. {@code value} is opaque (the API server's JSON); the store never parses it.
 * A deletion is represented by a tombstone with {@code value == null}.
 *
 * @param key            full key, e.g. {@code /registry/pods/default/nginx}
 * @param value          bytes as written, or {@code null} on a tombstone
 * @param createRevision revision that created this incarnation of the key
 * @param modRevision    revision of this version (the API server's resourceVersion)
 * @param expiresAt      epoch millis when the lease ends, 0 when the key has no lease
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long expiresAt) {

    public boolean tombstone() {
        return value == null;
    }

    // Records compare arrays by identity; tests and callers want content equality.
    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv && key.equals(kv.key) && Arrays.equals(value, kv.value)
                && createRevision == kv.createRevision && modRevision == kv.modRevision && expiresAt == kv.expiresAt;
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Long.hashCode(modRevision);
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + "@" + modRevision + " created=" + createRevision
                + (value == null ? " tombstone" : " " + value.length + "B") + (expiresAt > 0 ? " expiresAt=" + expiresAt : "") + "]";
    }
}
