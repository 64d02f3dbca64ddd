package io.k3j.store.sql;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;

/** Row ⇄ model mapping shared by every SQL backend. */
public final class Rows {
    private Rows() {
    }

    /** A stored row, in {@link SqlDialect#COLUMNS} order. */
    public record Row(long id, String name, boolean created, boolean deleted, long createRevision,
                      long prevRevision, long expiresAt, byte[] value, byte[] oldValue) {

        public KeyValue kv() {
            return new KeyValue(name, deleted ? null : value, createRevision, id, deleted ? 0 : expiresAt);
        }

        public Event event() {
            Event.Type type = created ? Event.Type.CREATE : deleted ? Event.Type.DELETE : Event.Type.UPDATE;
            KeyValue prev = created ? null : new KeyValue(name, oldValue, createRevision, prevRevision, 0);
            return new Event(type, kv(), prev);
        }
    }

    /** A row read with {@link SqlDialect#KV_COLUMNS}. */
    public static KeyValue kv(long id, String name, boolean deleted, long createRevision, long expiresAt, byte[] value) {
        return new KeyValue(name, deleted ? null : value, createRevision, id, deleted ? 0 : expiresAt);
    }

    /** The row that records {@code e}; {@code latest} is the key's newest row before it (any kind), or null. */
    public static Row of(Event e, KeyValue latest) {
        KeyValue kv = e.kv();
        return new Row(kv.modRevision(), kv.key(), e.type() == Event.Type.CREATE, e.type() == Event.Type.DELETE,
                kv.createRevision(), latest == null ? 0 : latest.modRevision(), kv.expiresAt(),
                kv.value(), e.prev() == null ? null : e.prev().value());
    }
}
