package io.k3j.store;

import io.vertx.core.Future;

import java.time.Duration;

/**
 * The revisioned key-value store under the API server: every successful write gets the next cluster-wide
 * revision, and watchers see every change in revision order. Thread-safe; no method blocks the caller.
 * Failures are {@link StoreException}s.
 */
public interface Store extends AutoCloseable {

    /** The newest version of {@code key}. */
    default Future<GetResult> get(String key) {
        return get(key, 0);
    }

    /** {@code key} as of {@code revision} (0 = newest); fails with Compacted below the compacted revision. */
    Future<GetResult> get(String key, long revision);

    /**
     * Live keys starting with {@code prefix}, from {@code startKey} (inclusive; null = the prefix itself), in key
     * order, at most {@code limit} (0 = no limit), as of {@code revision} (0 = newest).
     */
    Future<RangeResult> range(String prefix, String startKey, int limit, long revision);

    /** Number of live keys starting with {@code prefix}. */
    Future<Long> count(String prefix);

    /** Creates {@code key}; fails with KeyExists if it is live. */
    default Future<WriteResult> create(String key, byte[] value) {
        return create(key, value, null);
    }

    /** Creates {@code key} with a lease: it is deleted once {@code ttl} has passed (null = no lease). */
    Future<WriteResult> create(String key, byte[] value, Duration ttl);

    /** Replaces {@code key} if its modRevision is {@code expectedModRevision}; else Conflict with the current value. */
    default Future<WriteResult> update(String key, byte[] value, long expectedModRevision) {
        return update(key, value, expectedModRevision, null);
    }

    /** Like {@link #update(String, byte[], long)}, setting a new lease (null = none). */
    Future<WriteResult> update(String key, byte[] value, long expectedModRevision, Duration ttl);

    /** Deletes {@code key} if its modRevision is {@code expectedModRevision} (0 = any); else Conflict. */
    Future<WriteResult> delete(String key, long expectedModRevision);

    /**
     * Streams every change to keys under {@code prefix} with a revision above {@code fromRevision} (0 = from now).
     * Fails with Compacted when {@code fromRevision} is below the compacted revision.
     */
    Future<Watcher> watch(String prefix, long fromRevision, WatchListener listener);

    /**
     * A batch of the committed-event stream ({@link StoreAddresses#EVENTS}, values as stored) as this store's reads
     * would return it. Backends return it unchanged; a decorator that transforms values on the way out (Secrets
     * encryption) opens them here, so subscribers of the stream see what readers see.
     */
    default EventBatch openEvents(EventBatch batch) {
        return batch;
    }

    /** The revision of the newest write. */
    Future<Long> currentRevision();

    /** Revisions at or below this one are no longer readable. */
    Future<Long> compactRevision();

    /** Drops history at or below {@code revision} (never the newest version of a live key). */
    Future<Long> compact(long revision);

    /** Bytes the store occupies on disk (database plus WAL), or in memory. */
    Future<Long> size();

    /** Closes watchers and the database (SQLite checkpoints its WAL). */
    Future<Void> closeAsync();

    @Override
    default void close() {
        closeAsync().await();
    }
}
