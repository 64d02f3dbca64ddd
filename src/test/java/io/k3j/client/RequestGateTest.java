package io.k3j.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

class RequestGateTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        await(vertx.close());
    }

    @Test
    void atMostLimitRunAtOnceAndTheRestStartInOrderAsSlotsFree() {
        RequestGate gate = new RequestGate(2);
        List<Integer> started = new CopyOnWriteArrayList<>();
        List<Promise<String>> answers = new CopyOnWriteArrayList<>();
        List<Future<String>> results = new ArrayList<>();
        Promise<Void> submitted = Promise.promise();
        vertx.runOnContext(v -> {
            for (int i = 0; i < 5; i++) {
                int n = i;
                results.add(gate.submit(() -> {
                    started.add(n);
                    Promise<String> p = Promise.promise();
                    answers.add(p);
                    return p.future();
                }));
            }
            submitted.complete();
        });
        await(submitted.future());
        assertThat(started).containsExactly(0, 1);
        assertThat(gate.waiting()).isEqualTo(3);

        vertx.runOnContext(v -> answers.get(1).complete("one"));
        until("third starts", Duration.ofSeconds(10), () -> started.size() == 3);
        assertThat(started).containsExactly(0, 1, 2);
        assertThat(await(results.get(1))).isEqualTo("one");

        // A failure frees its slot too, and reaches its caller.
        vertx.runOnContext(v -> answers.get(0).fail(new IllegalStateException("refused")));
        until("fourth starts", Duration.ofSeconds(10), () -> started.size() == 4);
        assertThat(results.get(0).failed()).isTrue();
        for (int i = 2; i < 4; i++) {
            int n = i;
            vertx.runOnContext(v -> answers.get(n).complete("a" + n));
        }
        until("fifth starts", Duration.ofSeconds(10), () -> started.size() == 5);
        vertx.runOnContext(v -> answers.get(4).complete("last"));
        assertThat(await(results.get(4))).isEqualTo("last");
        assertThat(gate.waiting()).isZero();

        // All slots are free again: two new requests start at once.
        List<Integer> again = new CopyOnWriteArrayList<>();
        Promise<Void> twice = Promise.promise();
        vertx.runOnContext(v -> {
            gate.submit(() -> {
                again.add(1);
                return Promise.<String>promise().future();
            });
            gate.submit(() -> {
                again.add(2);
                return Promise.<String>promise().future();
            });
            twice.complete();
        });
        await(twice.future());
        assertThat(again).containsExactly(1, 2);
    }

    @Test
    void aRequestThatThrowsFreesItsSlot() {
        RequestGate gate = new RequestGate(1);
        Future<String> failed = gate.submit(() -> {
            throw new IllegalArgumentException("bad uri");
        });
        assertThat(failed.failed()).isTrue();
        assertThat(await(gate.submit(() -> Future.succeededFuture("ok")))).isEqualTo("ok");
    }
}
