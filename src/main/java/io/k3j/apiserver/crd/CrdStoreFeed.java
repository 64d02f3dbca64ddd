package io.k3j.apiserver.crd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.crd.Crd;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.rest.StorageKeys;
import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.WatchListener;
import io.k3j.store.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Feeds a {@link CrdRegistry} from the store: lists the CRD prefix, then watches it from that revision. A watch
 * that ends (lagging, store restart) is resumed with a fresh list, so the registry never misses a change. Call
 * {@link #start} on the event loop that owns the registry; events arrive there.
 */
public final class CrdStoreFeed implements WatchListener {

    private static final Logger LOG = Logger.getLogger(CrdStoreFeed.class.getName());
    /** Where CustomResourceDefinitions are stored. */
    public static final String PREFIX = StorageKeys.resourcePrefix("apiextensions.k8s.io", "customresourcedefinitions");

    private final Vertx vertx;
    private final Supplier<Store> store;
    private final CrdRegistry registry;
    private Watcher watcher;
    private boolean stopped;

    public CrdStoreFeed(Vertx vertx, Supplier<Store> store, CrdRegistry registry) {
        this.vertx = vertx;
        this.store = store;
        this.registry = registry;
    }

    /** Completes once the registry holds every stored CRD and the watch runs. */
    public Future<Void> start() {
        return store.get().range(PREFIX, null, 0, 0).compose(range -> {
            List<Crd> all = new ArrayList<>();
            range.kvs().forEach(kv -> all.add(parse(kv)));
            registry.replaceAll(all);
            return store.get().watch(PREFIX, range.revision(), this);
        }).map(w -> {
            watcher = w;
            return null;
        });
    }

    public void stop() {
        stopped = true;
        if (watcher != null) {
            watcher.cancel();
        }
    }

    @Override
    public void onEvents(List<Event> events) {
        List<Crd> upserts = new ArrayList<>();
        List<String> removals = new ArrayList<>();
        for (Event e : events) {
            String name = e.key().substring(PREFIX.length());
            upserts.removeIf(c -> c.name().equals(name));
            removals.remove(name);
            if (e.type() == Event.Type.DELETE) {
                removals.add(name);
            } else {
                upserts.add(parse(e.kv()));
            }
        }
        registry.apply(upserts, removals);
    }

    @Override
    public void onClose(Throwable cause) {
        if (stopped) {
            return;
        }
        LOG.log(Level.FINE, "CRD watch ended; relisting", new Object[]{"cause", String.valueOf(cause)});
        vertx.setTimer(200, t -> {
            if (!stopped) {
                start().onFailure(e -> onClose(e));
            }
        });
    }

    /** A stored CRD with its resourceVersion, as an API client would see it. */
    static Crd parse(KeyValue kv) {
        ObjectNode obj = Json.stored(kv.value());
        ObjectNode meta = obj.has("metadata") && obj.get("metadata").isObject() ? (ObjectNode) obj.get("metadata")
                : obj.putObject("metadata");
        meta.put("resourceVersion", String.valueOf(kv.modRevision()));
        return Crd.parse(obj);
    }
}
