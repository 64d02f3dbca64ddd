package io.k3j.apiserver.watchcache;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The watch cache's sizes under kube-apiserver's names: {@code apiserver_storage_objects{resource}} (objects per
 * resource, "pods" or "deployments.apps") and {@code apiserver_registered_watchers{group,version,kind}}.
 * Refreshed every few seconds from the cache's own thread, never computed during a scrape.
 */
public final class WatchCacheMetrics {

    /** What a resource prefix is called in the labels: resource name, group, a version and the kind. */
    public record Names(String resource, String group, String version, String kind) {
    }

    private final MultiGauge objects;
    private final MultiGauge watchers;
    private final WatchCache cache;
    private final Function<String, Names> names;

    public WatchCacheMetrics(MeterRegistry registry, WatchCache cache, Function<String, Names> names) {
        this.cache = cache;
        this.names = names;
        this.objects = MultiGauge.builder("apiserver.storage.objects")
                .description("Number of stored objects at the time of last check split by kind").register(registry);
        this.watchers = MultiGauge.builder("apiserver.registered.watchers")
                .description("Number of currently registered watchers for a given resources").register(registry);
    }

    public long start(Vertx vertx) {
        return vertx.setPeriodic(5_000, t -> refresh());
    }

    void refresh() {
        List<MultiGauge.Row<?>> o = new ArrayList<>();
        List<MultiGauge.Row<?>> w = new ArrayList<>();
        cache.sizes().forEach((prefix, sizes) -> {
            Names n = names.apply(prefix);
            if (n == null) {
                return;
            }
            String resource = n.group().isEmpty() ? n.resource() : n.resource() + "." + n.group();
            o.add(MultiGauge.Row.of(Tags.of("resource", resource), sizes[0]));
            w.add(MultiGauge.Row.of(Tags.of("group", n.group(), "version", n.version(), "kind", n.kind()), sizes[1]));
        });
        objects.register(o, true);
        watchers.register(w, true);
    }
}
