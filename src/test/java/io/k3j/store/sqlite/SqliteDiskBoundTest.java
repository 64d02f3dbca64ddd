package io.k3j.store.sqlite;

import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreRegistry;
import io.k3j.store.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steady churn must not grow the files without bound: 100,000 updates to the same 1,000 keys (1 KiB values),
 * with background compaction keeping the newest 1,000 revisions (the time floor set to 0 so the test need not
 * wait five minutes). Asserted: state.db + WAL stay under 64 MiB at every sample and at the end. Measured
 * steady state: 30-46 MiB across runs, depending on how far compaction trails the writer (a few thousand uncompacted
 * revisions of ~2 KiB rows plus indexes, and a WAL capped at 8 MiB).
 */
class SqliteDiskBoundTest {

    static final long BOUND = 64L << 20;

    @TempDir
    Path dataDir;

    @Test
    void hundredThousandUpdatesStayBounded() throws IOException {
        Vertx vertx = Vertx.vertx();
        StoreOptions options = StoreOptions.defaults(dataDir)
                .withCompaction(Duration.ofMillis(200), Duration.ZERO, 1000);
        Store store = await(StoreRegistry.defaults().open(vertx, options, null));
        Path db = dataDir.resolve("server/db/state.db");
        Path wal = dataDir.resolve("server/db/state.db-wal");
        long peak = 0;
        try {
            byte[] value = new byte[1024];
            Arrays.fill(value, (byte) 'x');
            long[] rev = new long[1000];
            List<Future<WriteResult>> creates = new ArrayList<>();
            for (int k = 0; k < 1000; k++) {
                creates.add(store.create("/registry/churn/k" + k, value));
            }
            await(Future.all(creates));
            for (int k = 0; k < 1000; k++) {
                rev[k] = creates.get(k).result().revision();
            }
            for (int round = 0; round < 100; round++) {
                List<Future<WriteResult>> updates = new ArrayList<>(1000);
                for (int k = 0; k < 1000; k++) {
                    value[0] = (byte) round;
                    updates.add(store.update("/registry/churn/k" + k, value.clone(), rev[k]));
                }
                await(Future.all(updates));
                for (int k = 0; k < 1000; k++) {
                    rev[k] = updates.get(k).result().revision();
                }
                peak = Math.max(peak, size(db) + size(wal));
            }
            long last = await(store.currentRevision());
            until("compaction caught up", Duration.ofSeconds(60),
                    () -> await(store.compactRevision()) >= last - 1000);
            long end = await(store.size());
            System.out.printf("disk bound: peak %.1f MiB, after compaction %.1f MiB (db %.1f + wal %.1f)%n",
                    peak / 1048576.0, end / 1048576.0, size(db) / 1048576.0, size(wal) / 1048576.0);
            assertThat(peak).isLessThan(BOUND);
            assertThat(end).isLessThan(BOUND);
        } finally {
            await(store.closeAsync());
            await(vertx.close());
        }
        // Closing checkpoints the WAL away.
        assertThat(size(wal)).isZero();
        System.out.printf("disk bound: after close %.1f MiB%n", size(db) / 1048576.0);
    }

    private static long size(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }
}
