package io.k3j.admission.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.rest.StorageKeys;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * Reads one object straight from the store, for the few plugins that must not trust the watch cache's miss:
 * upstream's NamespaceLifecycle and ServiceAccount plugins fall back to a live GET when their informer has not
 * seen an object yet (a namespace created a moment ago). Only for built-in resources stored as plain JSON
 * (namespaces, serviceaccounts), never for Secrets, whose stored form may be encrypted.
 */
public final class LiveReads {

    private final Supplier<Store> store;

    public LiveReads(Supplier<Store> store) {
        this.store = store;
    }

    /** The stored object, or null when there is none. */
    public Future<ObjectNode> get(String group, String resource, String namespace, String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || namespace.indexOf('/') >= 0) {
            // Not yet validated (admission runs first): such a name could address another object's key.
            return Future.succeededFuture(null);
        }
        String prefix = StorageKeys.resourcePrefix(group, resource);
        String key = namespace.isEmpty() ? prefix + name : prefix + namespace + "/" + name;
        return store.get().get(key).map(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                return null;
            }
            ObjectNode obj = Json.stored(kv.value());
            ObjectFields.object(obj, "metadata").put("resourceVersion", String.valueOf(kv.modRevision()));
            return obj;
        });
    }
}
