package io.k3j.store;

import java.util.Optional;

/**
 * @param revision the store revision the read was served at
 * @param kv       the key's version at that revision, or null when absent
 */
public record GetResult(long revision, KeyValue kv) {
    public Optional<KeyValue> value() {
        return Optional.ofNullable(kv);
    }
}
