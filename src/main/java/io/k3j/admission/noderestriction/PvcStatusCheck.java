package io.k3j.admission.noderestriction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A node (resizing a volume) may change only status.capacity, status.conditions and the expansion-recovery fields
 * (status.allocatedResources, status.allocatedResourceStatuses) of a PVC: nothing in its metadata or spec.
 */
final class PvcStatusCheck {

    private static final List<String> STATUS_FIELDS = List.of("capacity", "conditions", "allocatedResources",
            "allocatedResourceStatuses");

    private PvcStatusCheck() {
    }

    static Future<Void> check(String node, AdmissionRequest r) {
        if (r.operation() != Operation.UPDATE) {
            return NodeRestrictionPlugin.deny(r, "unexpected operation \"" + r.operation() + "\"");
        }
        ObjectNode before = comparable(r.oldObject());
        ObjectNode after = comparable(r.object());
        if (before.equals(after)) {
            return Future.succeededFuture();
        }
        // Upstream appends a Go structural diff; k3j names the fields that differ.
        return NodeRestrictionPlugin.deny(r, "node \"" + node
                + "\" is not allowed to update fields other than status.capacity and status.conditions: "
                + String.join(", ", differing("", before, after)));
    }

    /** The PVC without what may change (or may legitimately differ): resourceVersion, managedFields, the fields above. */
    private static ObjectNode comparable(ObjectNode pvc) {
        ObjectNode c = pvc.deepCopy();
        ObjectNode meta = c.with("metadata");
        meta.remove("resourceVersion");
        meta.remove("managedFields");
        if (c.get("status") instanceof ObjectNode status) {
            status.remove(STATUS_FIELDS);
        }
        return c;
    }

    private static List<String> differing(String path, JsonNode a, JsonNode b) {
        List<String> out = new ArrayList<>();
        if (a.isObject() && b.isObject()) {
            List<String> names = new ArrayList<>();
            a.fieldNames().forEachRemaining(names::add);
            for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                String n = it.next().getKey();
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
            for (String n : names) {
                JsonNode x = a.path(n);
                JsonNode y = b.path(n);
                if (!x.equals(y)) {
                    out.addAll(differing(path.isEmpty() ? n : path + "." + n, x, y));
                }
            }
            return out;
        }
        out.add(path);
        return out;
    }
}
