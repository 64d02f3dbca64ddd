package io.k3j.controller.gc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.ApiDiscovery;
import io.k3j.client.ApiDiscovery.ApiResource;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads objects by their ownerReference-style coordinates (apiVersion, kind, name) through the server's discovery
 * (client-go's RESTMapper), and remembers owners found absent — a uid never comes back, so an absent owner stays
 * absent (upstream's absentOwnerCache).
 */
final class OwnerLookup {

    /** How an owner reference resolves. */
    enum State { SOLID, DANGLING, WAITING_FOR_DEPENDENTS, INVALID_NAMESPACE }

    private static final int ABSENT_REMEMBERED = 500;
    private final KubeClient client;
    private volatile ApiDiscovery.Result discovery = new ApiDiscovery.Result(List.of(), Map.of());
    private final Map<String, Boolean> absent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ABSENT_REMEMBERED;
        }
    };

    OwnerLookup(KubeClient client) {
        this.client = client;
    }

    void discovered(ApiDiscovery.Result result) {
        discovery = result;
    }

    Optional<ApiResource> resource(String apiVersion, String kind) {
        return discovery.byKind(apiVersion, kind);
    }

    /** The live object with this uid, or null when it is gone (or the name now belongs to another uid). */
    Future<ObjectNode> live(String apiVersion, String kind, String namespace, String name, String uid) {
        Optional<ApiResource> r = resource(apiVersion, kind);
        if (r.isEmpty()) {
            return Future.failedFuture(new IllegalStateException("unable to get REST mapping for " + apiVersion + "/" + kind));
        }
        String ns = r.get().namespaced() ? namespace : "";
        return client.get(r.get().gvr(), ns, name).map(o -> uid.equals(Meta.uid(o)) ? o : (ObjectNode) null)
                .recover(e -> e instanceof KubeApiException k && k.notFound()
                        ? Future.succeededFuture(null) : Future.failedFuture(e));
    }

    /**
     * Asks the API server about an owner the graph does not know: absent or replaced (another uid) is dangling; being
     * deleted in the foreground is waiting for its dependents; anything else is solid. A cluster-scoped dependent
     * naming a namespaced kind can have no such owner.
     */
    Future<State> resolve(GraphNode dependent, OwnerRef ref) {
        String key = ref.uid() + "|" + dependent.namespace;
        if (absent.containsKey(key) || absent.containsKey(ref.uid() + "|")) {
            return Future.succeededFuture(State.DANGLING);
        }
        Optional<ApiResource> r = resource(ref.apiVersion(), ref.kind());
        if (r.isEmpty()) {
            return Future.failedFuture(new IllegalStateException("unable to get REST mapping for "
                    + ref.apiVersion() + "/" + ref.kind()));
        }
        if (r.get().namespaced() && dependent.namespace.isEmpty()) {
            return Future.succeededFuture(State.INVALID_NAMESPACE);
        }
        String ns = r.get().namespaced() ? dependent.namespace : "";
        return live(ref.apiVersion(), ref.kind(), ns, ref.name(), ref.uid()).map(owner -> {
            if (owner == null) {
                absent.put(ref.uid() + "|" + ns, true);
                return State.DANGLING;
            }
            return Meta.deleting(owner) && Meta.hasFinalizer(owner, GarbageCollector.FOREGROUND)
                    ? State.WAITING_FOR_DEPENDENTS : State.SOLID;
        });
    }
}
