package io.k3j.admission.noderestriction;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.vertx.core.Future;

import java.util.Set;

/**
 * A node may create and modify only its own Node object, and not in ways that would steer workloads to it or
 * widen what it may read: no configSource (the Node authorizer would follow it), no change to its taints, and no
 * label outside the kubelet's allow-list ({@link NodeLabels}). Deletion of its own Node is allowed, as upstream.
 */
final class NodeObjectCheck {

    private NodeObjectCheck() {
    }

    static Future<Void> check(String node, AdmissionRequest r) {
        String requested = r.name().isEmpty() && r.object() != null
                ? r.object().path("metadata").path("name").asText("") : r.name();
        if (!node.equals(requested)) {
            return NodeRestrictionPlugin.deny(r, "node \"" + node + "\" is not allowed to modify node \"" + requested + "\"");
        }
        if (r.operation() == Operation.CREATE) {
            JsonNode obj = r.object();
            if (present(obj.path("spec").path("configSource"))) {
                // sic: upstream's text says "pods"
                return NodeRestrictionPlugin.deny(r, "node \"" + node
                        + "\" is not allowed to create pods with a non-nil configSource");
            }
            Set<String> forbidden = NodeLabels.forbidden(NodeLabels.modified(obj.path("metadata").path("labels"), null));
            if (!forbidden.isEmpty()) {
                return NodeRestrictionPlugin.deny(r, "node \"" + node + "\" is not allowed to set the following labels: "
                        + String.join(", ", forbidden));
            }
        }
        if (r.operation() == Operation.UPDATE) {
            JsonNode obj = r.object();
            JsonNode old = r.oldObject();
            JsonNode source = obj.path("spec").path("configSource");
            if (present(source) && !source.equals(old.path("spec").path("configSource"))) {
                return NodeRestrictionPlugin.deny(r, "node \"" + node
                        + "\" is not allowed to update configSource to a new non-nil configSource");
            }
            if (!sameList(obj.path("spec").path("taints"), old.path("spec").path("taints"))) {
                return NodeRestrictionPlugin.deny(r, "node \"" + node + "\" is not allowed to modify taints");
            }
            Set<String> forbidden = NodeLabels.forbidden(NodeLabels.modified(obj.path("metadata").path("labels"),
                    old.path("metadata").path("labels")));
            if (!forbidden.isEmpty()) {
                // upstream's text has no subject here
                return NodeRestrictionPlugin.deny(r, "is not allowed to modify labels: " + String.join(", ", forbidden));
            }
        }
        return Future.succeededFuture();
    }

    private static boolean present(JsonNode n) {
        return !n.isMissingNode() && !n.isNull();
    }

    /** Equal lists, a missing or null list being an empty one (upstream's semantic equality). */
    private static boolean sameList(JsonNode a, JsonNode b) {
        boolean emptyA = !a.isArray() || a.isEmpty();
        boolean emptyB = !b.isArray() || b.isEmpty();
        return emptyA && emptyB || a.equals(b);
    }
}
