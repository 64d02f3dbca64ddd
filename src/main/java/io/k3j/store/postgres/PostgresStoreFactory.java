package io.k3j.store.postgres;

import io.k3j.store.Store;
import io.k3j.store.StoreFactory;
import io.k3j.store.StoreOptions;
import io.k3j.store.log.LogStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** {@code postgres://} and {@code postgresql://}: an external database several servers may share. */
public final class PostgresStoreFactory implements StoreFactory {
    @Override
    public Future<Store> open(Vertx vertx, StoreOptions options, MeterRegistry registry) {
        PgEndpoint endpoint;
        try {
            endpoint = PgEndpoint.parse(options.endpoint());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        PgBackend backend = new PgBackend(vertx, endpoint);
        return LogStore.open(vertx, backend, options, registry, "postgres")
                .onFailure(e -> backend.close());
    }
}
