package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** RFC 7386 JSON Merge Patch: objects merge recursively, null removes a member, anything else replaces. */
public final class MergePatch {

    private MergePatch() {
    }

    /** Returns the patched copy of {@code target}; neither argument is modified. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), apply(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    /**
     * The API server's entry point: a patch that is JSON null is rejected as upstream's merge-patch library
     * does ("Invalid JSON Patch", 400), where the bare RFC would return null.
     */
    public static JsonNode applyToObject(JsonNode object, JsonNode patch) {
        if (patch == null || patch.isNull()) {
            throw new PatchException.Invalid("Invalid JSON Patch");
        }
        return apply(object, patch);
    }
}
