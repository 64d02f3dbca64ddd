package io.k3j.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Opens one kind of backend. Registered in {@link StoreRegistry} under its URI scheme(s). */
@FunctionalInterface
public interface StoreFactory {
    Future<Store> open(Vertx vertx, StoreOptions options, MeterRegistry registry);
}
