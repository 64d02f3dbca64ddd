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
 * run is retried with per-key exponential back-off (by default 5 ms doubling to 1000 s, as client-go's), a success
 * forgets the key's failures. Up to {@code concurrency} reconciles run at once (each is asynchronous).
 */
public final class WorkQueue {

    private static final Logger LOG = Logger.getLogger(WorkQueue.class.getName());
    private static final long BASE_DELAY_MS = 5;
    private static final long MAX_DELAY_MS = 1_000_000;

    private final long baseDelayMs;
    private final long maxDelayMs;

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
    /** Set while {@link #pump()} runs: a reconcile that completes at once re-enters it through {@link #done}. */
    private boolean pumping;

    public WorkQueue(Vertx vertx, String name, int concurrency, Function<String, Future<?>> reconcile) {
        this(vertx, name, concurrency, java.time.Duration.ofMillis(BASE_DELAY_MS), java.time.Duration.ofMillis(MAX_DELAY_MS),
                reconcile);
    }

    /**
     * With its own back-off: slow, costly reconciles (a Helm install) retry from seconds, not milliseconds, and
     * give up waiting sooner than 1000 s.
     */
    public WorkQueue(Vertx vertx, String name, int concurrency, java.time.Duration baseDelay, java.time.Duration maxDelay,
                     Function<String, Future<?>> reconcile) {
        this.baseDelayMs = Math.max(1, baseDelay.toMillis());
        this.maxDelayMs = Math.max(baseDelayMs, maxDelay.toMillis());
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
     * Starts reconciles while there is room. A reconcile whose future is already complete (a no-op, the common case
     * at rest) calls {@link #done} before {@code apply} returns, and done pumps again: without the guard every such
     * key would nest one more level, and a few thousand queued no-ops overflowed the stack, which left the key being
     * processed marked as running for good, so its object was never reconciled again. The outer loop picks up what
     * a nested call would have.
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
                } catch (RuntimeException | StackOverflowError e) {
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
            long delay = (long) Math.min(maxDelayMs, baseDelayMs * Math.pow(2, Math.min(n - 1, 40)));
            // Quiet at INFO: a key that keeps failing (events re-add it between back-offs) is reported at its 5th,
            // 8th, 16th, 32nd… failure, not at each.
            boolean loud = n == 5 || n >= 8 && Integer.bitCount(n) == 1;
            LOG.log(loud ? Level.INFO : Level.FINE, "reconcile failed; retrying",
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
