package io.k3j.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * client-go's rate-limited work queue for one controller, on one Vert.x context: a key queued many times is
 * reconciled once; a key is never reconciled twice at the same time (changes during a run queue it again); a failed
 * run is retried with per-key exponential back-off (5 ms doubling to 1000 s, as client-go's default), a success
 * forgets the key's failures. Up to {@code concurrency} reconciles run at once (each is asynchronous).
 */
public final class WorkQueue {

    private static final Logger LOG = Logger.getLogger(WorkQueue.class.getName());
    private static final long BASE_DELAY_MS = 5;
    private static final long MAX_DELAY_MS = 1_000_000;

    private final Vertx vertx;
    private final Context context;
    private final String name;
    private final int concurrency;
    private final Function<String, Future<?>> reconcile;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Set<String> dirtyWhileProcessing = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    /** Pending delayed adds: key → {timer id, due time}. */
    private final Map<String, long[]> delayed = new HashMap<>();
    private boolean stopped;
    /** {@link #pump} is running (on the context): a nested call leaves the work to it. */
    private boolean pumping;

    public WorkQueue(Vertx vertx, String name, int concurrency, Function<String, Future<?>> reconcile) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.name = name;
        this.concurrency = concurrency;
        this.reconcile = reconcile;
    }

    /** Queues {@code key} (from any thread). */
    public void add(String key) {
        onContext(() -> {
            if (stopped) {
                return;
            }
            if (processing.contains(key)) {
                dirtyWhileProcessing.add(key);
                return;
            }
            if (queued.add(key)) {
                queue.addLast(key);
                pump();
            }
        });
    }

    /** Queues {@code key} after {@code millis} (a requeue-after, e.g. for a time-based condition). */
    public void addAfter(String key, long millis) {
        onContext(() -> {
            if (stopped) {
                return;
            }
            long due = System.currentTimeMillis() + millis;
            long[] old = delayed.get(key);
            if (old != null) {
                if (old[1] <= due) {
                    return; // an earlier wake-up is already set
                }
                vertx.cancelTimer(old[0]);
            }
            long timer = vertx.setTimer(Math.max(1, millis), t -> context.runOnContext(v -> {
                delayed.remove(key);
                add(key);
            }));
            delayed.put(key, new long[]{timer, due});
        });
    }

    public void stop() {
        onContext(() -> {
            stopped = true;
            delayed.values().forEach(t -> vertx.cancelTimer(t[0]));
            delayed.clear();
            queue.clear();
            queued.clear();
        });
    }

    /** Keys waiting (not counting running ones); for tests and metrics. */
    public int depth() {
        return queue.size();
    }

    /**
     * Starts reconciles while there is room. A reconcile that finishes at once (it found nothing to do in the caches)
     * calls back into here through {@link #done}: that nested call returns at once and this loop carries on, so a
     * long queue of such keys is one loop, not one stack frame per key.
     */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!stopped && processing.size() < concurrency && !queue.isEmpty()) {
                String key = queue.pollFirst();
                queued.remove(key);
                processing.add(key);
                Future<?> f;
                try {
                    f = reconcile.apply(key);
                } catch (RuntimeException e) {
                    f = Future.failedFuture(e);
                }
                f.onComplete(ar -> onContext(() -> done(key, ar.failed() ? ar.cause() : null)));
            }
        } finally {
            pumping = false;
        }
    }

    private void done(String key, Throwable failure) {
        processing.remove(key);
        if (failure == null) {
            failures.remove(key);
        } else {
            int n = failures.merge(key, 1, Integer::sum);
            long delay = (long) Math.min(MAX_DELAY_MS, BASE_DELAY_MS * Math.pow(2, Math.min(n - 1, 40)));
            LOG.log(n >= 5 ? Level.INFO : Level.FINE, "reconcile failed; retrying",
                    new Object[]{"controller", name, "key", key, "attempt", n, "in_ms", delay,
                            "error", String.valueOf(failure.getMessage())});
            addAfter(key, delay);
        }
        if (dirtyWhileProcessing.remove(key)) {
            add(key);
        }
        pump();
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }
}
