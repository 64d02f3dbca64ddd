package io.k3j.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory watch cache for plugin tests: objects keyed by group/resource/namespace/name. */
public final class FakeLookup implements AdmissionLookup {

    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();

    /** Adds (or replaces) an object parsed from JSON; namespace "" for cluster-scoped resources. */
    public ObjectNode put(String group, String resource, String namespace, String json) {
        ObjectNode obj = Json.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        objects.put(key(group, resource, namespace, obj.path("metadata").path("name").asText()), obj);
        return obj;
    }

    public void remove(String group, String resource, String namespace, String name) {
        objects.remove(key(group, resource, namespace, name));
    }

    @Override
    public Future<ObjectNode> get(String group, String resource, String namespace, String name) {
        return Future.succeededFuture(objects.get(key(group, resource, namespace, name)));
    }

    @Override
    public Future<List<ObjectNode>> list(String group, String resource, String namespace) {
        String prefix = group + "/" + resource + "/" + (namespace.isEmpty() ? "" : namespace + "/");
        List<ObjectNode> out = new ArrayList<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.add(v);
            }
        });
        return Future.succeededFuture(out);
    }

    private static String key(String group, String resource, String namespace, String name) {
        return group + "/" + resource + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
