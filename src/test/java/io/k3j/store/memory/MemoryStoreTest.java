package io.k3j.store.memory;

import io.k3j.store.StoreContractTest;
import io.k3j.store.StoreOptions;

import java.nio.file.Path;

class MemoryStoreTest extends StoreContractTest {
    @Override
    protected StoreOptions options() {
        return StoreOptions.defaults(Path.of("/nonexistent")).withEndpoint("memory://").withWatchBuffer(1000)
                .withLeaseCheckInterval(java.time.Duration.ofMillis(50));
    }
}
