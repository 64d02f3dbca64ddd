package io.k3j.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionLookup;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.rest.StorageKeys;
import io.k3j.apiserver.watchcache.CachedObject;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Admission plugins read from the API server's watch cache: no HTTP and no datastore round trip per request.
 * A {@link #get} the cache cannot answer is read from the store, so an object created a moment ago (a namespace,
 * a ServiceAccount) is found, as upstream's plugins fall back to a live lookup. Lists come from the cache alone:
 * they may trail the store by one event, as upstream's informer-backed listers do.
 */
public final class CacheAdmissionLookup implements AdmissionLookup {

    private final WatchCache cache;
    private final Supplier<Store> store;

    public CacheAdmissionLookup(WatchCache cache, Supplier<Store> store) {
        this.cache = cache;
        this.store = store;
    }

    @Override
    public Future<ObjectNode> get(String group, String resource, String namespace, String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || namespace.indexOf('/') >= 0) {
            return Future.succeededFuture(null); // could address another key: such an object cannot exist
        }
        String prefix = StorageKeys.resourcePrefix(group, resource);
        String key = namespace.isEmpty() ? prefix + name : prefix + namespace + "/" + name;
        return cache.get(prefix, key, 0).compose(cached -> cached != null ? Future.succeededFuture(cached.object())
                : store.get().get(key).map(r -> {
                    KeyValue kv = r.kv();
                    return kv == null || kv.tombstone() ? null : Json.stored(kv.value());
                }));
    }

    @Override
    public Future<List<ObjectNode>> list(String group, String resource, String namespace) {
        if (namespace.indexOf('/') >= 0) {
            return Future.succeededFuture(List.of());
        }
        String prefix = StorageKeys.resourcePrefix(group, resource);
        String keyPrefix = namespace.isEmpty() ? prefix : prefix + namespace + "/";
        return cache.list(prefix, keyPrefix, 0).map(snapshot -> {
            List<ObjectNode> out = new ArrayList<>(snapshot.objects().size());
            for (CachedObject o : snapshot.objects()) {
                out.add(o.object());
            }
            return out;
        });
    }
}
