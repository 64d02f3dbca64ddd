package io.k3j.store.log;

import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes keys whose lease ended. Each delete is a CAS on the expired version, so a key rewritten meanwhile
 * (with a fresh lease) survives.
 */
final class LeaseReaper {

    private static final Logger LOG = Logger.getLogger(LeaseReaper.class.getName());

    private final Vertx vertx;
    private final Store store;
    private final Backend backend;
    private final long timer;
    private boolean running;

    LeaseReaper(Vertx vertx, Store store, Backend backend, Duration interval) {
        this.vertx = vertx;
        this.store = store;
        this.backend = backend;
        this.timer = vertx.setPeriodic(Math.max(10, interval.toMillis()), id -> tick());
    }

    private synchronized void tick() {
        if (running) {
            return;
        }
        running = true;
        backend.expired(System.currentTimeMillis(), 500).compose(expired -> {
            List<Future<?>> deletes = new ArrayList<>(expired.size());
            for (KeyValue kv : expired) {
                // A conflict or not-found means someone else got there first: fine.
                deletes.add(store.delete(kv.key(), kv.modRevision()).recover(e -> Future.succeededFuture()));
            }
            return Future.join(deletes);
        }).onComplete(ar -> {
            if (ar.failed()) {
                LOG.log(Level.FINE, "lease check failed: " + ar.cause().getMessage());
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
