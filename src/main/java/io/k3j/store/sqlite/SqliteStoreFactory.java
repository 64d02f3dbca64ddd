package io.k3j.store.sqlite;

import io.k3j.store.Endpoint;
import io.k3j.store.Store;
import io.k3j.store.StoreFactory;
import io.k3j.store.StoreOptions;
import io.k3j.store.log.LogStore;
import io.k3j.store.sql.JdbcBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;

/**
 * The default backend: {@code <data-dir>/server/db/state.db}, or the file named by {@code sqlite:///path/state.db}.
 */
public final class SqliteStoreFactory implements StoreFactory {

    public static Path file(StoreOptions options) {
        Endpoint e = Endpoint.parse(options.endpoint());
        if (e.raw().isEmpty()) {
            return options.dbDir().resolve("state.db");
        }
        String path = e.raw().substring("sqlite://".length());
        int q = path.indexOf('?');
        path = q >= 0 ? path.substring(0, q) : path;
        return path.isEmpty() ? options.dbDir().resolve("state.db") : Path.of(path);
    }

    @Override
    public Future<Store> open(Vertx vertx, StoreOptions options, MeterRegistry registry) {
        JdbcBackend backend = new JdbcBackend(vertx, new SqliteDriver(file(options)), 2);
        return LogStore.open(vertx, backend, options, registry, "sqlite")
                .onFailure(e -> backend.close());
    }
}
