package io.k3j.store.snapshot;

import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotsTest {

    @TempDir
    Path dataDir;

    @Test
    void retentionKeepsTheNewestScheduledSnapshotsOnly() throws Exception {
        Vertx vertx = Vertx.vertx();
        StoreOptions options = StoreOptions.defaults(dataDir);
        Store store = await(StoreRegistry.defaults().open(vertx, options, null));
        try {
            await(store.create("/a", new byte[]{1}));
            Snapshots snapshots = new Snapshots(options);
            for (int i = 0; i < 4; i++) {
                snapshots.save(Snapshots.SCHEDULED + "-node-" + (1000 + i));
                // mtime resolution: make the order explicit
                snapshots.list().getLast().path().toFile().setLastModified(1_000_000L * (i + 1));
            }
            snapshots.save(Snapshots.ON_DEMAND + "-node-1");
            assertThat(snapshots.prune(Snapshots.SCHEDULED, 2)).containsExactly("scheduled-node-1000", "scheduled-node-1001");
            assertThat(snapshots.list()).extracting(SnapshotInfo::name)
                    .containsExactlyInAnyOrder("scheduled-node-1002", "scheduled-node-1003", "on-demand-node-1");
            assertThat(dataDir.resolve("server/db/snapshots/on-demand-node-1.db")).exists();
            assertThatThrownBy(() -> snapshots.save("on-demand-node-1")).hasMessageContaining("exists");
        } finally {
            await(store.closeAsync());
            await(vertx.close());
        }
    }

    @Test
    void memoryStoreHasNoSnapshots() {
        assertThatThrownBy(() -> new Snapshots(StoreOptions.defaults(dataDir).withEndpoint("memory://")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void schedulerTakesSnapshotsAndKeepsTheRetention() throws Exception {
        Vertx vertx = Vertx.vertx();
        StoreOptions options = StoreOptions.defaults(dataDir);
        Store store = await(StoreRegistry.defaults().open(vertx, options, null));
        Snapshots snapshots = new Snapshots(options);
        SnapshotScheduler scheduler = new SnapshotScheduler(vertx, snapshots, () -> Duration.ofMillis(20), 2);
        try {
            await(store.create("/a", new byte[]{1}));
            Set<String> names = ConcurrentHashMap.newKeySet();
            scheduler.start();
            until("five scheduled snapshots", Duration.ofSeconds(60), () -> {
                try {
                    snapshots.list().forEach(s -> names.add(s.name()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return names.size() >= 5;
            });
            scheduler.stop();
            until("retention applied", Duration.ofSeconds(30), () -> {
                try {
                    return snapshots.list().size() <= 2;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(snapshots.list()).allMatch(s -> s.name().startsWith(Snapshots.SCHEDULED + "-"));
        } finally {
            scheduler.stop();
            await(store.closeAsync());
            await(vertx.close());
        }
    }
}
