package io.k3j.admission.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionLookup;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory AdmissionLookup for tests: objects keyed by group/resource/namespace/name. */
public final class MapLookup implements AdmissionLookup {

    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();

    public MapLookup put(String group, String resource, ObjectNode object) {
        String ns = object.path("metadata").path("namespace").asText("");
        objects.put(key(group, resource, ns, object.path("metadata").path("name").asText()), object);
        return this;
    }

    public MapLookup remove(String group, String resource, String namespace, String name) {
        objects.remove(key(group, resource, namespace, name));
        return this;
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
        return group + "/" + resource + "/" + namespace + "/" + name;
    }
}
