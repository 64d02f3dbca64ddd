package io.k3j.store;

import io.k3j.store.memory.MemoryStoreFactory;
import io.k3j.store.postgres.PostgresStoreFactory;
import io.k3j.store.sqlite.SqliteStoreFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.TreeMap;

/** Picks a backend by the endpoint's URI scheme; adding a backend is one entry here, no switch. */
public final class StoreRegistry {

    private final Map<String, StoreFactory> factories;

    public StoreRegistry(Map<String, StoreFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    public static StoreRegistry defaults() {
        PostgresStoreFactory pg = new PostgresStoreFactory();
        return new StoreRegistry(Map.of(
                Endpoint.SQLITE, new SqliteStoreFactory(),
                "postgres", pg,
                "postgresql", pg,
                "memory", new MemoryStoreFactory()));
    }

    public Future<Store> open(Vertx vertx, StoreOptions options, MeterRegistry registry) {
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(options.endpoint());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        StoreFactory factory = factories.get(endpoint.scheme());
        if (factory == null) {
            return Future.failedFuture(new IllegalArgumentException("unsupported datastore endpoint "
                    + endpoint.masked() + ": scheme '" + endpoint.scheme() + "' is not one of "
                    + new TreeMap<>(factories).keySet()));
        }
        return factory.open(vertx, options, registry);
    }
}
