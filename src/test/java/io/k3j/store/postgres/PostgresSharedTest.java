package io.k3j.store.postgres;

import io.k3j.store.Event;
import io.k3j.store.RecordingListener;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreRegistry;
import io.k3j.store.WatchListener;
import io.k3j.store.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** Two servers (two Vert.x instances, two stores) on one PostgreSQL table. */
class PostgresSharedTest {

    private final String endpoint = PgTestDb.freshTable();
    private Vertx vertxA;
    private Vertx vertxB;
    private Store a;
    private Store b;

    @BeforeEach
    void open() {
        StoreOptions options = StoreOptions.defaults(Path.of("/nonexistent")).withEndpoint(endpoint);
        vertxA = Vertx.vertx();
        vertxB = Vertx.vertx();
        a = await(StoreRegistry.defaults().open(vertxA, options, null));
        b = await(StoreRegistry.defaults().open(vertxB, options, null));
    }

    @AfterEach
    void close() {
        await(a.closeAsync());
        await(b.closeAsync());
        await(PgTestDb.drop(vertxA, endpoint));
        await(vertxA.close());
        await(vertxB.close());
    }

    @Test
    void writeOnAReachesWatcherOnBPromptly() {
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        await(b.watch("/lat/", 0, new WatchListener() {
            @Override
            public void onEvents(List<Event> events) {
                long now = System.nanoTime();
                events.forEach(e -> arrived.put(e.key(), now));
            }
        }));
        for (int i = 0; i < 50; i++) { // warm-up (JIT, connection pools), not measured
            String key = "/lat/warm" + i;
            await(a.create(key, new byte[]{1}));
            until("warm-up event on B", Duration.ofSeconds(10), () -> arrived.containsKey(key));
        }
        int n = 300;
        long[] latency = new long[n];
        for (int i = 0; i < n; i++) {
            String key = "/lat/" + i;
            long t0 = System.nanoTime();
            await(a.create(key, new byte[]{1}));
            until("event on B", Duration.ofSeconds(10), () -> arrived.containsKey(key));
            latency[i] = arrived.get(key) - t0;
        }
        Arrays.sort(latency);
        double p50 = latency[n / 2] / 1e6;
        double p99 = latency[(int) (n * 0.99) - 1] / 1e6;
        System.out.printf("postgres A->B watch latency (submit to delivery): p50 %.2f ms, p99 %.2f ms%n", p50, p99);
        assertThat(p99).isLessThanOrEqualTo(100.0);
    }

    @Test
    void interleavedWritersGetUniqueOrderedGaplessRevisionsOnBothServers() {
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        long start = await(a.currentRevision());
        await(a.watch("/mix/", start, onA));
        await(b.watch("/mix/", start, onB));
        List<Future<WriteResult>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(a.create("/mix/a" + i, new byte[]{1}));
            writes.add(b.create("/mix/b" + i, new byte[]{2}));
        }
        await(Future.all(writes));
        until("A sees 400", Duration.ofSeconds(30), () -> onA.events.size() >= 400);
        until("B sees 400", Duration.ofSeconds(30), () -> onB.events.size() >= 400);
        List<Long> expected = new ArrayList<>();
        for (long r = start + 1; r <= start + 400; r++) {
            expected.add(r);
        }
        assertThat(onA.revisions()).containsExactlyElementsOf(expected);
        assertThat(onB.revisions()).containsExactlyElementsOf(expected);
        assertThat(writes.stream().map(f -> f.result().revision()).distinct().count()).isEqualTo(400);
    }
}
