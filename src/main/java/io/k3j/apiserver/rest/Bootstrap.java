package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.defaults.Defaulting;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * Objects every cluster has from its first boot, as kube-apiserver creates them: the four system
 * namespaces, the `kubernetes` Service (first service IP, claimed through the same allocation hooks as any Service
 * write, so its IPAddress object exists) and the two system PriorityClasses. Existing objects are left alone, so
 * every server of a cluster may run it at every start. The Service's Endpoints and EndpointSlice list every live
 * server: {@link ApiServerEndpoints} keeps them.
 */
public final class Bootstrap {

    static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    /**
     * @param serviceIp   the first address of the service network (ClusterIP of `kubernetes`)
     * @param endpointIp  the address clients reach this server at
     * @param port        the server's HTTPS port
     */
    public record Settings(String serviceIp, String endpointIp, int port) {
    }

    private Bootstrap() {
    }

    public static Future<Void> ensure(Store store, ResourceCatalog catalog, Settings s) {
        return ensure(store, catalog, s, WriteHooks.NONE);
    }

    /** @param hooks the write hooks of the API server: the `kubernetes` Service's IP is allocated through them */
    public static Future<Void> ensure(Store store, ResourceCatalog catalog, Settings s, WriteHooks hooks) {
        List<Future<?>> writes = new ArrayList<>();
        Defaulting defaulting = new Defaulting();
        for (String name : NAMESPACES) {
            writes.add(create(store, catalog, defaulting, "", "v1", "namespaces", "", """
                    {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"}}""".formatted(name)));
        }
        String family = s.serviceIp().contains(":") ? "IPv6" : "IPv4";
        writes.add(createService(store, catalog, defaulting, hooks, """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"kubernetes","namespace":"default",
                 "labels":{"component":"apiserver","provider":"kubernetes"}},
                 "spec":{"type":"ClusterIP","clusterIP":"%s","clusterIPs":["%s"],"ipFamilies":["%s"],
                  "ipFamilyPolicy":"SingleStack","sessionAffinity":"None","internalTrafficPolicy":"Cluster",
                  "ports":[{"name":"https","port":443,"protocol":"TCP","targetPort":%d}]},
                 "status":{"loadBalancer":{}}}""".formatted(s.serviceIp(), s.serviceIp(), family, s.port())));
        writes.add(create(store, catalog, defaulting, "scheduling.k8s.io", "v1", "priorityclasses", "", """
                {"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"system-node-critical"},
                 "value":2000001000,"globalDefault":false,"preemptionPolicy":"PreemptLowerPriority",
                 "description":"Used for system critical pods that must not be moved from their current node."}"""));
        writes.add(create(store, catalog, defaulting, "scheduling.k8s.io", "v1", "priorityclasses", "", """
                {"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"system-cluster-critical"},
                 "value":2000000000,"globalDefault":false,"preemptionPolicy":"PreemptLowerPriority",
                 "description":"Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."}"""));
        return Future.all(writes).mapEmpty();
    }

    /**
     * The `kubernetes` Service, unless it exists: its address is claimed first, and given back if the Service
     * cannot be stored. A claim refused because another server of the cluster is creating it at the same moment is
     * no failure; the repair pass records the address of a Service stored before k3j allocated addresses.
     */
    private static Future<?> createService(Store store, ResourceCatalog catalog, Defaulting defaulting, WriteHooks hooks,
                                           String json) {
        ResourceDescriptor d = catalog.find("", "v1", "services").orElseThrow();
        ObjectNode obj = Json.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String name = ObjectMetaRules.forCreate(d, obj, "default");
        defaulting.apply(d, obj);
        String key = StorageKeys.key(d, "default", name);
        return store.get(key).compose(g -> {
            if (g.kv() != null && !g.kv().tombstone()) {
                return Future.succeededFuture();
            }
            return hooks.beginCreate(d, obj, false).compose(txn -> store.create(key, Json.bytes(obj)).transform(ar ->
                    ar.succeeded() ? txn.commit() : txn.revert().transform(x -> Future.failedFuture(ar.cause()))));
        }).recover(e -> e instanceof StoreException.KeyExists || e instanceof ApiError err && err.code() == 422
                ? Future.succeededFuture() : Future.failedFuture(e));
    }

    private static Future<?> create(Store store, ResourceCatalog catalog, Defaulting defaulting, String group,
                                    String version, String resource, String namespace, String json) {
        ResourceDescriptor d = catalog.find(group, version, resource).orElseThrow();
        ObjectNode obj = Json.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String name = ObjectMetaRules.forCreate(d, obj, namespace);
        defaulting.apply(d, obj);
        if (NamespaceStrategy.handles(d)) {
            NamespaceStrategy.prepareForCreate(obj);
        }
        return store.create(StorageKeys.key(d, namespace, name), Json.bytes(obj)).recover(e ->
                e instanceof StoreException.KeyExists ? Future.succeededFuture() : Future.failedFuture(e));
    }
}
