package io.k3j.store.postgres;

import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreRegistry;
import io.k3j.store.snapshot.SnapshotInfo;
import io.k3j.store.snapshot.Snapshots;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresSnapshotTest {

    @TempDir
    Path dataDir;

    @Test
    void saveOnlineThenRestoreIntoTheStoppedDatabase() throws Exception {
        String endpoint = PgTestDb.freshTable();
        StoreOptions options = StoreOptions.defaults(dataDir).withEndpoint(endpoint);
        Vertx vertx = Vertx.vertx();
        try {
            Store store = await(StoreRegistry.defaults().open(vertx, options, null));
            long rev = await(store.create("/registry/a", new byte[]{1})).revision();
            await(store.update("/registry/a", new byte[]{2}, rev));
            await(store.create("/registry/gone", new byte[]{3}));
            long saved = await(store.currentRevision());
            Snapshots snapshots = new Snapshots(options);
            SnapshotInfo info = snapshots.save("pg1");
            assertThat(info.path().getFileName().toString()).isEqualTo("pg1.pgsnap");
            assertThat(snapshots.list()).extracting(SnapshotInfo::name).containsExactly("pg1");
            await(store.create("/registry/after", new byte[]{4}));
            await(store.closeAsync());

            snapshots.restore("pg1");
            store = await(StoreRegistry.defaults().open(vertx, options, null));
            assertThat(await(store.currentRevision())).isEqualTo(saved);
            assertThat(await(store.get("/registry/a")).kv().value()).containsExactly(2);
            assertThat(await(store.get("/registry/a", rev)).kv().value()).containsExactly(1);
            assertThat(await(store.get("/registry/after")).kv()).isNull();
            await(store.closeAsync());
        } finally {
            await(PgTestDb.drop(vertx, endpoint));
            await(vertx.close());
        }
    }
}
