package io.k3j.store.log;

import io.k3j.store.KeyValue;

/** A backend row seen from a reader: tombstones read as absent. */
record KeyValueView(KeyValue live, long revisionHint) {
    static KeyValueView of(KeyValue kv) {
        if (kv == null) {
            return new KeyValueView(null, 0);
        }
        return new KeyValueView(kv.tombstone() ? null : kv, kv.modRevision());
    }
}
