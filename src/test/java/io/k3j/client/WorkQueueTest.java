package io.k3j.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** The work queue's bookkeeping: one run per key at a time, changes during a run, retries, and no-op floods. */
class WorkQueueTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        await(vertx.close());
    }

    /**
     * Reconciles that complete at once (a no-op on an object already as wanted, the common case at rest) used to
     * nest pump → done → pump, one level per key: 5,000 queued keys overflowed the stack and the key then being
     * processed was never reconciled again (a hollow pod stuck Terminating).
     */
    @Test
    void manyInstantReconcilesNeitherOverflowNorLoseKeys() {
        int n = 50_000;
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Promise<Void> gate = Promise.promise();
        WorkQueue q = onContext(() -> new WorkQueue(vertx, "instant", 16, key -> {
            runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return key.startsWith("gate") ? gate.future() : Future.succeededFuture();
        }));
        // Sixteen slow runs fill the queue's slots, so the no-ops pile up behind them...
        for (int i = 0; i < 16; i++) {
            q.add("gate" + i);
        }
        until("slots full", Duration.ofSeconds(10), () -> runs.size() == 16);
        for (int i = 0; i < n; i++) {
            q.add("k" + i);
        }
        until("backlog queued", Duration.ofSeconds(10), () -> q.depth() == n);
        // ...and all start from one pump when the slow ones finish.
        vertx.runOnContext(v -> gate.complete());
        until("every key reconciled", Duration.ofSeconds(30), () -> runs.size() == n + 16);
        // A key queued again after the flood still runs: nothing is stuck as "processing".
        AtomicInteger before = runs.get("k0");
        int was = before.get();
        q.add("k0");
        until("k0 reconciled again", Duration.ofSeconds(10), () -> before.get() == was + 1);
        assertThat(runs.values()).allSatisfy(c -> assertThat(c.get()).isBetween(1, 2));
    }

    @Test
    void aKeyChangedWhileRunningRunsOnceMoreAfterwards() {
        List<Promise<Void>> pending = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        WorkQueue q = onContext(() -> new WorkQueue(vertx, "dirty", 4, key -> {
            runs.incrementAndGet();
            Promise<Void> p = Promise.promise();
            pending.add(p);
            return p.future();
        }));
        q.add("a");
        until("first run", Duration.ofSeconds(10), () -> pending.size() == 1);
        q.add("a");
        q.add("a");
        // Still running: the adds only mark it dirty, never start a second concurrent run.
        assertThat(runs.get()).isEqualTo(1);
        vertx.runOnContext(v -> pending.get(0).complete());
        until("second run", Duration.ofSeconds(10), () -> pending.size() == 2);
        vertx.runOnContext(v -> pending.get(1).complete());
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void aFailedRunIsRetriedWithBackOffUntilItSucceeds() {
        AtomicInteger runs = new AtomicInteger();
        WorkQueue q = onContext(() -> new WorkQueue(vertx, "retry", 1, key -> {
            int i = runs.incrementAndGet();
            return i < 4 ? Future.failedFuture(new RuntimeException("boom " + i)) : Future.succeededFuture();
        }));
        q.add("a");
        // Back-off 5, 10, 20 ms: three failures, then the success that ends the retries.
        until("fourth run", Duration.ofSeconds(10), () -> runs.get() == 4);
        q.add("a");
        until("fifth run", Duration.ofSeconds(10), () -> runs.get() == 5);
    }

    private <T> T onContext(java.util.function.Supplier<T> make) {
        Promise<T> p = Promise.promise();
        vertx.runOnContext(v -> p.complete(make.get()));
        return await(p.future());
    }
}
