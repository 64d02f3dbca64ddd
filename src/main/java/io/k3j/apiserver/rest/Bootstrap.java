package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/** Objects every cluster has from its first boot: the four system namespaces. Idempotent. */
public final class Bootstrap {

    static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private Bootstrap() {
    }

    public static Future<Void> ensure(Store store, ResourceCatalog catalog) {
        ResourceDescriptor ns = catalog.find("", "v1", "namespaces").orElseThrow();
        List<Future<?>> writes = new ArrayList<>();
        for (String name : NAMESPACES) {
            ObjectNode obj = Json.MAPPER.createObjectNode();
            obj.put("apiVersion", "v1").put("kind", "Namespace").putObject("metadata").put("name", name);
            ObjectMetaRules.forCreate(ns, obj, "");
            Defaults.apply(ns, obj);
            writes.add(store.create(StorageKeys.key(ns, "", name), Json.bytes(obj)).recover(e ->
                    e instanceof StoreException.KeyExists ? Future.succeededFuture() : Future.failedFuture(e)));
        }
        return Future.all(writes).mapEmpty();
    }
}
