package io.k3j.store.snapshot;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes a snapshot at every cron time and keeps the newest {@code retention} scheduled ones. The copy runs on a
 * worker thread; only the timer lives on the event loop.
 */
public final class SnapshotScheduler {

    private static final Logger LOG = Logger.getLogger(SnapshotScheduler.class.getName());

    private final Vertx vertx;
    private final Snapshots snapshots;
    private final Supplier<Duration> untilNext;
    private final int retention;
    private long timer = -1;
    private volatile boolean stopped;

    public SnapshotScheduler(Vertx vertx, Snapshots snapshots, Cron cron, int retention) {
        this(vertx, snapshots, () -> {
            ZonedDateTime now = ZonedDateTime.now();
            return Duration.between(now, cron.next(now));
        }, retention);
    }

    /** With the wait before each snapshot given directly (tests use milliseconds, not cron minutes). */
    SnapshotScheduler(Vertx vertx, Snapshots snapshots, Supplier<Duration> untilNext, int retention) {
        this.vertx = vertx;
        this.snapshots = snapshots;
        this.untilNext = untilNext;
        this.retention = retention;
    }

    public void start() {
        timer = vertx.setTimer(Math.max(1, untilNext.get().toMillis()), id -> fire());
    }

    private void fire() {
        if (stopped) {
            return;
        }
        vertx.executeBlocking(() -> {
            SnapshotInfo s = snapshots.save(Snapshots.defaultName(Snapshots.SCHEDULED));
            snapshots.prune(Snapshots.SCHEDULED, retention);
            return s;
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                LOG.info("datastore snapshot saved: " + ar.result().path());
            } else {
                LOG.log(Level.WARNING, "scheduled datastore snapshot failed: " + ar.cause().getMessage());
            }
            if (!stopped) {
                start();
            }
        });
    }

    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }
}
