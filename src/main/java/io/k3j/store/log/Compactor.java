package io.k3j.store.log;

import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Background compaction keeping at least {@code retainAtLeast} of wall-clock history AND at least
 * {@code retainRevisions} revisions. The revision a given time ago is learned by sampling the current revision
 * on every tick, so the log needs no timestamp column.
 */
final class Compactor {

    private static final Logger LOG = Logger.getLogger(Compactor.class.getName());

    private record Sample(long atMillis, long revision) {
    }

    private final Vertx vertx;
    private final Store store;
    private final long retainMillis;
    private final long retainRevisions;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final long timer;
    private boolean running;

    Compactor(Vertx vertx, Store store, StoreOptions options) {
        this.vertx = vertx;
        this.store = store;
        this.retainMillis = options.retainAtLeast().toMillis();
        this.retainRevisions = options.retainRevisions();
        long interval = Math.max(10, options.compactionInterval().toMillis());
        this.timer = vertx.setPeriodic(interval, id -> tick());
    }

    private synchronized void tick() {
        if (running) {
            return;
        }
        running = true;
        long now = System.currentTimeMillis();
        store.currentRevision().compose(current -> {
            long target;
            synchronized (this) {
                samples.add(new Sample(now, current));
                // The newest sample old enough to be outside the time window: history up to it may go.
                Sample keep = null;
                while (!samples.isEmpty() && samples.peek().atMillis <= now - retainMillis) {
                    keep = samples.poll();
                }
                if (keep != null) {
                    samples.addFirst(keep);
                }
                long byTime = keep == null ? 0 : keep.revision;
                target = Math.min(byTime, current - retainRevisions);
            }
            return target > 0 ? store.compact(target) : store.compactRevision();
        }).onComplete(ar -> {
            if (ar.failed()) {
                LOG.log(Level.WARNING, "datastore compaction failed: " + ar.cause().getMessage());
            }
            synchronized (this) {
                running = false;
            }
        });
    }

    void stop() {
        vertx.cancelTimer(timer);
    }
}
