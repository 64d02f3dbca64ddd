package io.k3j.store.memory;

import io.k3j.store.Store;
import io.k3j.store.StoreFactory;
import io.k3j.store.StoreOptions;
import io.k3j.store.log.LogStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** {@code memory://}: a store that lives and dies with the process. */
public final class MemoryStoreFactory implements StoreFactory {
    @Override
    public Future<Store> open(Vertx vertx, StoreOptions options, MeterRegistry registry) {
        return LogStore.open(vertx, new MemoryBackend(), options, registry, "memory");
    }
}
