package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.watchcache.CachedObject;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.auth.authn.ObjectLookup;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.vertx.core.Future;

import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Token checks read bound objects from the watch cache (no datastore round trip per request); an object the
 * cache does not hold is looked up in the store, so a ServiceAccount created a moment ago is found, as
 * upstream's cache-then-live getter. Only the core resources tokens refer to, with plain object names.
 */
public final class CachedObjectLookup implements ObjectLookup {

    private static final Set<String> RESOURCES = Set.of("serviceaccounts", "pods", "secrets", "nodes");
    /** A DNS subdomain-ish name: anything with '/' could address another key, so it is simply absent. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private final WatchCache cache;
    private final Supplier<Store> store;

    public CachedObjectLookup(WatchCache cache, Supplier<Store> store) {
        this.cache = cache;
        this.store = store;
    }

    @Override
    public Future<ObjectNode> get(String resource, String namespace, String name) {
        boolean clusterScoped = resource.equals("nodes");
        if (!RESOURCES.contains(resource) || !NAME.matcher(name).matches()
                || (clusterScoped ? !namespace.isEmpty() : !NAME.matcher(namespace).matches())) {
            return Future.succeededFuture(null);
        }
        String prefix = "/registry/core/" + resource + "/";
        String key = clusterScoped ? prefix + name : prefix + namespace + "/" + name;
        return cache.get(prefix, key, 0).compose(cached -> cached != null ? Future.succeededFuture(readOnly(cached))
                : store.get().get(key).map(r -> {
                    KeyValue kv = r.kv();
                    return kv == null || kv.tombstone() ? null : Json.stored(kv.value());
                }));
    }

    private static ObjectNode readOnly(CachedObject o) {
        return o.object(); // shared with watchers: the authenticators only read it
    }
}
