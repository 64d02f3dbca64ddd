package io.k3j.addons;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A controller work queue with client-go's promises: a key queued many times is worked once; a key is never
 * worked by two workers at once (added again while in work, it is worked again after); at most {@code workers} keys
 * are in work together; a failed key comes back after an exponential back-off, a successful one forgets it.
 *
 * <p>Single-threaded by design: every method must be called on the owning verticle's context, and {@code sync}
 * returns a future completed on it.
 */
public final class KeyedQueue<K> {

    private final Vertx vertx;
    private final int workers;
    private final Function<K, Future<Void>> sync;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Deque<K> queue = new ArrayDeque<>();
    private final Set<K> queued = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Set<K> dirty = new HashSet<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final Map<K, Long> timers = new HashMap<>();
    private boolean stopped;

    public KeyedQueue(Vertx vertx, int workers, Duration baseDelay, Duration maxDelay, Function<K, Future<Void>> sync) {
        this.vertx = vertx;
        this.workers = workers;
        this.sync = sync;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    public void add(K key) {
        if (stopped) {
            return;
        }
        Long timer = timers.remove(key);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        if (processing.contains(key)) {
            dirty.add(key);
            return;
        }
        if (queued.add(key)) {
            queue.addLast(key);
            drain();
        }
    }

    /** Adds the key after a delay (a later {@link #add} brings it forward). */
    public void addAfter(K key, Duration delay) {
        if (stopped || timers.containsKey(key)) {
            return;
        }
        timers.put(key, vertx.setTimer(Math.max(1, delay.toMillis()), t -> {
            timers.remove(key);
            add(key);
        }));
    }

    /** How many times in a row the key has failed. */
    public int failures(K key) {
        return failures.getOrDefault(key, 0);
    }

    /** Forgets the key's failures (its back-off starts over). */
    public void forget(K key) {
        failures.remove(key);
    }

    public int size() {
        return queue.size() + processing.size();
    }

    public void stop() {
        stopped = true;
        timers.values().forEach(vertx::cancelTimer);
        timers.clear();
        queue.clear();
        queued.clear();
    }

    Duration backoff(int failures) {
        long ms = baseDelay.toMillis() << Math.min(20, Math.max(0, failures - 1));
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }

    private void drain() {
        while (!stopped && processing.size() < workers && !queue.isEmpty()) {
            K key = queue.pollFirst();
            queued.remove(key);
            processing.add(key);
            Future<Void> f;
            try {
                f = sync.apply(key);
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                processing.remove(key);
                if (ar.succeeded()) {
                    failures.remove(key);
                } else {
                    int n = failures.merge(key, 1, Integer::sum);
                    addAfter(key, backoff(n));
                }
                if (dirty.remove(key)) {
                    add(key);
                }
                drain();
            });
        }
    }
}
