package io.k3j.store.sqlite;

import io.k3j.store.StoreContractTest;
import io.k3j.store.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

class SqliteStoreTest extends StoreContractTest {

    @TempDir
    Path dataDir;

    @Override
    protected StoreOptions options() {
        return StoreOptions.defaults(dataDir).withWatchBuffer(1000).withLeaseCheckInterval(Duration.ofMillis(50));
    }

    @Test
    void livesInStateDbAndSurvivesReopen() {
        long rev = await(store.create("/a", b("1"))).revision();
        await(store.closeAsync());
        assertThat(Files.exists(dataDir.resolve("server/db/state.db"))).isTrue();
        store = open(options());
        assertThat(await(store.currentRevision())).isEqualTo(rev);
        assertThat(s(await(store.get("/a")).kv().value())).isEqualTo("1");
        assertThat(await(store.create("/b", b("2"))).revision()).isEqualTo(rev + 1);
    }
}
