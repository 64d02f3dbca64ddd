package io.k3j.store.log;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.RangeResult;
import io.vertx.core.Future;

import java.util.List;

/**
 * What a storage engine provides to {@link LogStore}: an append-only log of revisioned rows plus reads over it.
 * MVCC rules, watch fan-out, group commit, compaction policy and leases live above this line, once.
 * Key ranges are half-open {@code [from, end)}; a revision argument of 0 means "newest".
 */
public interface Backend {

    /** Creates the schema if needed and returns the log's revisions. */
    Future<LogState> open();

    /**
     * Applies ops in order in ONE durable transaction, each via {@link WriteOp#decide} against the key's newest row
     * (seeing earlier ops of the same batch). Called by one committer at a time. Fails only if the transaction does.
     */
    Future<List<Outcome>> commit(List<WriteOp> ops);

    /** The newest row of {@code key} at or below {@code rev}, possibly a tombstone; null if none. */
    Future<KeyValue> latest(String key, long rev);

    /** Live keys in {@code [from, end)} at {@code rev}, key order, at most {@code limit} (0 = all). */
    Future<RangeResult> range(String from, String end, int limit, long rev);

    Future<Long> count(String from, String end, long rev);

    /** Events for keys in {@code [from, end)} with {@code afterRev < revision <= upTo}, revision order. */
    Future<List<Event>> after(String from, String end, long afterRev, long upTo, int limit);

    /** Deletes history at or below {@code revision} that is superseded or deleted; records the compacted revision. */
    Future<LogState> compact(long revision);

    /** Live keys whose lease ended at or before {@code now}. */
    Future<List<KeyValue>> expired(long now, int limit);

    /** Re-reads the revisions (other servers may have written). */
    Future<LogState> state();

    /** Bytes on disk (or in memory). */
    Future<Long> size();

    /** Bytes in the write-ahead log, 0 where not applicable. */
    default long walSize() {
        return 0;
    }

    /** Housekeeping after compaction: checkpoint the WAL, reclaim free pages. */
    default Future<Void> maintain() {
        return Future.succeededFuture();
    }

    /**
     * True when other processes write the same log (PostgreSQL): watch events must then come from
     * {@link #onRemoteChange} + catch-up reads, not from local commits.
     */
    default boolean shared() {
        return false;
    }

    /** Registers the callback a shared backend calls when any server may have committed. */
    default void onRemoteChange(Runnable callback) {
    }

    Future<Void> close();
}
