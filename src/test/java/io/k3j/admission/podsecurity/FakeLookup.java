package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionLookup;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory watch cache for plugin tests: objects keyed by group/resource/namespace/name. */
final class FakeLookup implements AdmissionLookup {

    private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
    boolean failLists;

    FakeLookup put(String group, String resource, ObjectNode obj) {
        String ns = obj.path("metadata").path("namespace").asText("");
        objects.put(key(group, resource, ns, obj.path("metadata").path("name").asText()), obj);
        return this;
    }

    @Override
    public Future<ObjectNode> get(String group, String resource, String namespace, String name) {
        return Future.succeededFuture(objects.get(key(group, resource, namespace, name)));
    }

    @Override
    public Future<List<ObjectNode>> list(String group, String resource, String namespace) {
        if (failLists) {
            return Future.failedFuture("cache not synced");
        }
        String prefix = group + "/" + resource + "/" + namespace + "/";
        List<ObjectNode> out = new ArrayList<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.add(v);
            }
        });
        return Future.succeededFuture(out);
    }

    private static String key(String group, String resource, String namespace, String name) {
        return group + "/" + resource + "/" + namespace + "/" + name;
    }
}
