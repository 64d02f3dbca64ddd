package io.k3j.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

class WorkQueueTest {

    final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() {
        await(vertx.close());
    }

    @Test
    void aLongQueueOfReconcilesThatFinishAtOnceDoesNotGrowTheStack() {
        int keys = 200_000;
        AtomicInteger runs = new AtomicInteger();
        Promise<Void> all = Promise.promise();
        Promise<Void> first = Promise.promise();
        vertx.runOnContext(v -> {
            WorkQueue q = new WorkQueue(vertx, "test", 1, key -> {
                if (runs.incrementAndGet() == keys) {
                    all.complete();
                }
                // the first run waits, so every other key queues behind it; the rest have nothing to do
                return key.equals("k0") ? first.future() : Future.succeededFuture();
            });
            for (int i = 0; i < keys; i++) {
                q.add("k" + i);
            }
            first.complete();
        });
        await(all.future());
        assertThat(runs.get()).isEqualTo(keys);
    }
}
