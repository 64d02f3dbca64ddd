package io.k3j.store.postgres;

import io.k3j.store.Await;
import io.k3j.store.StoreContractTest;
import org.junit.jupiter.api.AfterEach;
import io.k3j.store.StoreOptions;

import java.nio.file.Path;
import java.time.Duration;

class PostgresStoreTest extends StoreContractTest {

    private final String endpoint = PgTestDb.freshTable();

    @Override
    protected StoreOptions options() {
        return StoreOptions.defaults(Path.of("/nonexistent")).withEndpoint(endpoint)
                .withWatchBuffer(1000).withLeaseCheckInterval(Duration.ofMillis(50));
    }

    @AfterEach
    void dropTable() {
        if (store != null) {
            Await.await(store.closeAsync());
        }
        Await.await(PgTestDb.drop(vertx, endpoint));
    }
}
