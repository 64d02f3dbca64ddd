package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** An in-memory ObjectLookup: objects put here "exist". */
final class FakeLookup implements ObjectLookup {

    private final Map<String, ObjectNode> objects = new HashMap<>();
    int lookups;

    /** Adds an object with a fresh uid and returns it. */
    ObjectNode put(String resource, String namespace, String name) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode meta = o.putObject("metadata").put("name", name).put("uid", UUID.randomUUID().toString());
        if (!namespace.isEmpty()) {
            meta.put("namespace", namespace);
        }
        objects.put(resource + "/" + namespace + "/" + name, o);
        return o;
    }

    void remove(String resource, String namespace, String name) {
        objects.remove(resource + "/" + namespace + "/" + name);
    }

    static String uid(ObjectNode o) {
        return o.path("metadata").path("uid").asText();
    }

    @Override
    public Future<ObjectNode> get(String resource, String namespace, String name) {
        lookups++;
        return Future.succeededFuture(objects.get(resource + "/" + namespace + "/" + name));
    }
}
