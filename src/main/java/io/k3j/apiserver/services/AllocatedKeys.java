package io.k3j.apiserver.services;

import io.k3j.apiserver.watchcache.CachedObject;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.vertx.core.Future;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where an allocator learns which names under its prefix are taken before it picks one. The answer may trail the
 * store (another server's allocation a moment ago): it only steers the choice, the create in the store decides.
 */
@FunctionalInterface
interface AllocatedKeys {

    /** The names (keys without the prefix) taken now, as far as this source knows; a mutable copy. */
    Future<Set<String>> names();

    /** Read from the API server's watch cache: no datastore round trip per allocation, as upstream's informer. */
    static AllocatedKeys cached(WatchCache cache, String prefix) {
        return () -> cache.list(prefix, prefix, 0).map(snapshot -> {
            Set<String> out = new HashSet<>();
            for (CachedObject o : snapshot.objects()) {
                out.add(o.key().substring(prefix.length()));
            }
            return out;
        });
    }

    /** Read from the store: exact, one range read per allocation. */
    static AllocatedKeys stored(Supplier<Store> store, String prefix) {
        return () -> store.get().range(prefix, null, 0, 0).map(r -> {
            Set<String> out = new HashSet<>();
            for (KeyValue kv : r.kvs()) {
                out.add(kv.key().substring(prefix.length()));
            }
            return out;
        });
    }
}
