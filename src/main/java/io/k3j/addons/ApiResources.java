package io.k3j.addons;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeClient;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kind → resource mapping from the API server's discovery documents (what client-go's RESTMapper does), so
 * manifests naming any kind the server serves, custom ones included, can be applied. Refreshed on demand: a kind
 * not known yet (a CRD just created) triggers one new discovery pass. Use on one Vert.x context.
 */
public final class ApiResources {

    /** A served resource: where it lives and whether its objects have a namespace. */
    public record Mapping(GroupVersionResource resource, boolean namespaced) {
    }

    private final KubeClient client;
    private Map<GroupVersionKind, Mapping> byKind = Map.of();
    private Future<Void> refreshing;

    public ApiResources(KubeClient client) {
        this.client = client;
    }

    /** The mapping of {@code gvk}, discovering again once when it is not known; null when the server lacks it. */
    public Future<Mapping> lookup(GroupVersionKind gvk) {
        Mapping m = byKind.get(gvk);
        if (m != null) {
            return Future.succeededFuture(m);
        }
        return refresh().map(v -> byKind.get(gvk));
    }

    /** The mapping if discovery has already seen it. */
    public Mapping known(GroupVersionKind gvk) {
        return byKind.get(gvk);
    }

    /** Reads discovery again; concurrent callers share one pass. */
    public Future<Void> refresh() {
        if (refreshing != null) {
            return refreshing;
        }
        Future<Void> f = discover().map(m -> {
            byKind = m;
            return (Void) null;
        }).andThen(ar -> refreshing = null);
        refreshing = f.isComplete() ? null : f;
        return f;
    }

    private Future<Map<GroupVersionKind, Mapping>> discover() {
        List<String> groupVersions = new ArrayList<>();
        return client.getPath("/api").compose(api -> {
            for (JsonNode v : api.path("versions")) {
                groupVersions.add(v.asText());
            }
            return client.getPath("/apis");
        }).compose(apis -> {
            for (JsonNode g : apis.path("groups")) {
                for (JsonNode v : g.path("versions")) {
                    groupVersions.add(v.path("groupVersion").asText());
                }
            }
            List<Future<JsonNode>> docs = new ArrayList<>();
            for (String gv : groupVersions) {
                docs.add(client.getPath(gv.contains("/") ? "/apis/" + gv : "/api/" + gv)
                        .recover(e -> Future.succeededFuture(null))); // one broken group must not hide the rest
            }
            return Future.all(docs).map(all -> {
                Map<GroupVersionKind, Mapping> out = new HashMap<>();
                for (int i = 0; i < groupVersions.size(); i++) {
                    JsonNode doc = all.resultAt(i);
                    if (doc != null) {
                        add(out, groupVersions.get(i), doc);
                    }
                }
                return Map.copyOf(out);
            });
        });
    }

    static void add(Map<GroupVersionKind, Mapping> out, String groupVersion, JsonNode doc) {
        int slash = groupVersion.indexOf('/');
        String group = slash < 0 ? "" : groupVersion.substring(0, slash);
        String version = slash < 0 ? groupVersion : groupVersion.substring(slash + 1);
        for (JsonNode r : doc.path("resources")) {
            String name = r.path("name").asText();
            if (name.contains("/")) {
                continue; // subresources
            }
            GroupVersionKind gvk = new GroupVersionKind(group, version, r.path("kind").asText());
            out.putIfAbsent(gvk, new Mapping(new GroupVersionResource(group, version, name),
                    r.path("namespaced").asBoolean()));
        }
    }
}
