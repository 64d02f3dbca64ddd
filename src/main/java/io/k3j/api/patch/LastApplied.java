package io.k3j.api.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The bridge between kubectl's client-side apply annotation and server-side apply, as upstream keeps it
 * for the manager named "kubectl": conflicts on fields whose live value still equals the last-applied
 * configuration are not conflicts (the user applied them before, client-side), and after an apply the
 * annotation is rewritten to the newly applied configuration so switching back to client-side apply works.
 */
final class LastApplied {

    static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
    static final String KUBECTL = "kubectl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LastApplied() {
    }

    /** Fields set by the last client-side apply whose live value is unchanged since. */
    static FieldSet allowedConflicts(JsonNode live, ObjectFields fields) {
        String text = live.path("metadata").path("annotations").path(ANNOTATION).asText("");
        if (text.isEmpty()) {
            return FieldSet.empty();
        }
        JsonNode lastApplied;
        try {
            lastApplied = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return FieldSet.empty();
        }
        Map<FieldPath, ObjectFields.Leaf> last = fields.leaves(lastApplied);
        Map<FieldPath, ObjectFields.Leaf> current = fields.leaves(live);
        List<FieldPath> same = new ArrayList<>();
        last.forEach((p, leaf) -> {
            ObjectFields.Leaf now = current.get(p);
            if (now != null && now.sameAs(leaf)) {
                same.add(p);
            }
        });
        return FieldSet.of(same);
    }

    /** After an apply by "kubectl": if the object carries the annotation, set it to the applied configuration. */
    static void sync(ObjectNode object, JsonNode config, String manager) {
        JsonNode annotations = object.path("metadata").path("annotations");
        if (KUBECTL.equals(manager) && annotations.isObject() && annotations.has(ANNOTATION)) {
            ((ObjectNode) annotations).put(ANNOTATION, encode(config));
        }
    }

    /**
     * The configuration without the annotation itself, encoded as Go's JSON encoder writes unstructured
     * objects: keys sorted, HTML characters escaped, a trailing newline.
     */
    static String encode(JsonNode config) {
        JsonNode copy = config.deepCopy();
        JsonNode annotations = copy.path("metadata").path("annotations");
        if (annotations.isObject()) {
            ((ObjectNode) annotations).remove(ANNOTATION);
        }
        return sorted(copy).toString()
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n";
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            keys.forEach(k -> out.set(k, sorted(n.get(k))));
            return out;
        }
        if (n.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            n.forEach(v -> out.add(sorted(v)));
            return out;
        }
        return n;
    }
}
