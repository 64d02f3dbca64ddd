package io.k3j.store.postgres;

import io.k3j.store.Store;
import io.k3j.store.StoreFactory;
import io.k3j.store.StoreOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

public final class PostgresStoreFactory implements StoreFactory {
    @Override
    public Future<Store> open(Vertx vertx, StoreOptions options, MeterRegistry registry) {
        return Future.failedFuture("todo");
    }
}
