package io.k3j.store.log;

import io.k3j.store.Event;
import io.k3j.store.StoreException;
import io.k3j.store.WriteResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit: writes queue up while the previous batch is being made durable, then all of them go to the backend
 * as one transaction (one fsync). Exactly one batch is in flight, so revisions are assigned in queue order and
 * batches complete in revision order — which is what lets the watch hub be fed straight from here.
 */
final class GroupCommitter {

    private static final Logger LOG = Logger.getLogger(GroupCommitter.class.getName());

    private record Pending(WriteOp op, Promise<WriteResult> promise, Context context) {
    }

    private final Vertx vertx;
    private final Backend backend;
    private final int maxBatch;
    private final Consumer<List<Event>> committed;
    private final StoreMetrics metrics;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean inFlight;
    private boolean closed;
    private final Promise<Void> idleAfterClose = Promise.promise();

    GroupCommitter(Vertx vertx, Backend backend, int maxBatch, StoreMetrics metrics, Consumer<List<Event>> committed) {
        this.vertx = vertx;
        this.backend = backend;
        this.maxBatch = maxBatch;
        this.metrics = metrics;
        this.committed = committed;
    }

    Future<WriteResult> submit(WriteOp op) {
        Promise<WriteResult> promise = Promise.promise();
        Pending p = new Pending(op, promise, vertx.getOrCreateContext());
        synchronized (this) {
            if (closed) {
                return Future.failedFuture(new StoreException.Unavailable("datastore is closed", null));
            }
            queue.add(p);
        }
        startNext();
        // Hand the result back on the caller's context, not the writer thread.
        return promise.future();
    }

    private void startNext() {
        List<Pending> batch;
        synchronized (this) {
            if (inFlight || queue.isEmpty()) {
                return;
            }
            inFlight = true;
            batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
            while (!queue.isEmpty() && batch.size() < maxBatch) {
                batch.add(queue.poll());
            }
        }
        List<WriteOp> ops = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            ops.add(p.op);
        }
        long start = System.nanoTime();
        Future<List<Outcome>> f;
        try {
            f = backend.commit(ops);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            metrics.commit(System.nanoTime() - start, batch.size());
            if (ar.succeeded()) {
                List<Event> events = new ArrayList<>(batch.size());
                for (Outcome o : ar.result()) {
                    if (o.event() != null) {
                        events.add(o.event());
                    }
                }
                if (!events.isEmpty()) {
                    try {
                        committed.accept(events);
                    } catch (RuntimeException e) {
                        // The writes are durable; a fan-out bug must not leave their callers hanging.
                        LOG.log(Level.SEVERE, "datastore event fan-out failed", e);
                    }
                }
                for (int i = 0; i < batch.size(); i++) {
                    Outcome o = ar.result().get(i);
                    Pending p = batch.get(i);
                    if (o.error() != null) {
                        p.context.runOnContext(v -> p.promise.fail(o.error()));
                    } else {
                        Event e = o.event();
                        WriteResult r = new WriteResult(e.revision(), e.kv(), e.prev());
                        p.context.runOnContext(v -> p.promise.complete(r));
                    }
                }
            } else {
                StoreException err = ar.cause() instanceof StoreException se ? se
                        : new StoreException.Unavailable("datastore write failed: " + ar.cause().getMessage(), ar.cause());
                for (Pending p : batch) {
                    p.context.runOnContext(v -> p.promise.fail(err));
                }
            }
            boolean idle;
            synchronized (this) {
                inFlight = false;
                idle = closed;
            }
            if (idle) {
                idleAfterClose.tryComplete();
            } else {
                startNext();
            }
        });
    }

    /** Refuses new writes; returns when the batch in flight (if any) has finished. */
    Future<Void> close() {
        List<Pending> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        for (Pending p : dropped) {
            p.context.runOnContext(v -> p.promise.fail(new StoreException.Unavailable("datastore is closed", null)));
        }
        synchronized (this) {
            if (!inFlight) {
                idleAfterClose.tryComplete();
            }
        }
        return idleAfterClose.future();
    }
}
