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

    @Test
    void connectionsAreDurableWalConnections() throws Exception {
        SqliteDriver driver = new SqliteDriver(dataDir.resolve("other/state.db"));
        try (var c = driver.connect(true); var st = c.createStatement()) {
            try (var rs = st.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (var rs = st.executeQuery("PRAGMA synchronous")) {
                assertThat(rs.getInt(1)).as("synchronous=FULL").isEqualTo(2);
            }
            try (var rs = st.executeQuery("PRAGMA auto_vacuum")) {
                assertThat(rs.getInt(1)).as("incremental auto-vacuum").isEqualTo(2);
            }
        } finally {
            driver.afterClose();
        }
    }
}
