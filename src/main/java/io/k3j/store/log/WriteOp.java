package io.k3j.store.log;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.StoreException;

/**
 * A write request, and the one place that decides it: every backend reads the key's latest row inside its write
 * transaction and calls {@link #decide}, so CAS semantics are identical on SQLite, PostgreSQL and memory.
 */
public sealed interface WriteOp {

    String key();

    record Create(String key, byte[] value, long expiresAt) implements WriteOp {
    }

    record Update(String key, byte[] value, long expectedModRevision, long expiresAt) implements WriteOp {
    }

    record Delete(String key, long expectedModRevision) implements WriteOp {
    }

    /**
     * @param latest the key's newest row (possibly a tombstone) or null
     * @param rev    the revision this write gets if it succeeds
     * @return the event to append
     * @throws StoreException when the write must not happen
     */
    default Event decide(KeyValue latest, long rev) {
        KeyValue live = latest == null || latest.tombstone() ? null : latest;
        return switch (this) {
            case Create c -> {
                if (live != null) {
                    throw new StoreException.KeyExists(live);
                }
                yield new Event(Event.Type.CREATE, new KeyValue(c.key, c.value, rev, rev, c.expiresAt), null);
            }
            case Update u -> {
                if (live == null) {
                    throw new StoreException.NotFound(u.key);
                }
                if (live.modRevision() != u.expectedModRevision) {
                    throw new StoreException.Conflict(u.key, u.expectedModRevision, live);
                }
                yield new Event(Event.Type.UPDATE,
                        new KeyValue(u.key, u.value, live.createRevision(), rev, u.expiresAt), live);
            }
            case Delete d -> {
                if (live == null) {
                    throw new StoreException.NotFound(d.key);
                }
                if (d.expectedModRevision != 0 && live.modRevision() != d.expectedModRevision) {
                    throw new StoreException.Conflict(d.key, d.expectedModRevision, live);
                }
                yield new Event(Event.Type.DELETE, new KeyValue(d.key, null, live.createRevision(), rev, 0), live);
            }
        };
    }
}
