package io.k3j.scheduler.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.k3j.apiserver.rest.Json;

import java.util.Map;

/**
 * API objects as the typed (fabric8) models the plugins read, without their managedFields: no plugin reads them, and
 * a typed pod turns them into a few hundred nested maps (fieldsV1), more than the rest of the pod. The JSON may be the
 * API server's shared cached tree (in-process reads), so it is not trimmed in place: the conversion reads a view with
 * new top-level and metadata nodes over the same subtrees.
 */
final class TypedObjects {

    private TypedObjects() {
    }

    static Pod pod(ObjectNode json) {
        return Json.MAPPER.convertValue(withoutManagedFields(json), Pod.class);
    }

    static Node node(ObjectNode json) {
        return Json.MAPPER.convertValue(withoutManagedFields(json), Node.class);
    }

    static ObjectNode withoutManagedFields(ObjectNode json) {
        if (!(json.get("metadata") instanceof ObjectNode meta) || !meta.has("managedFields")) {
            return json;
        }
        ObjectNode metaView = meta.objectNode();
        for (Map.Entry<String, JsonNode> f : meta.properties()) {
            if (!f.getKey().equals("managedFields")) {
                metaView.set(f.getKey(), f.getValue());
            }
        }
        ObjectNode view = json.objectNode();
        for (Map.Entry<String, JsonNode> f : json.properties()) {
            view.set(f.getKey(), f.getKey().equals("metadata") ? metaView : f.getValue());
        }
        return view;
    }
}
