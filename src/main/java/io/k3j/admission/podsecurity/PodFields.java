package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading a pod spec as JSON the way the Go checks read typed structs: a missing or null field is Go's nil, an
 * empty object is a non-nil empty struct.
 */
final class PodFields {

    private PodFields() {
    }

    /** The node at the path, or null when any step is missing or null. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(p);
            if (n == null || n.isNull() || n.isMissingNode()) {
                return null;
            }
        }
        return n;
    }

    static boolean isTrue(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n != null && n.isBoolean() && n.booleanValue();
    }

    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n == null ? null : n.asText();
    }

    /** Every container in upstream's visiting order: init containers, containers, then ephemeral containers. */
    static List<JsonNode> containers(JsonNode spec) {
        List<JsonNode> all = new ArrayList<>();
        for (String list : new String[]{"initContainers", "containers", "ephemeralContainers"}) {
            JsonNode cs = at(spec, list);
            if (cs != null && cs.isArray()) {
                cs.forEach(all::add);
            }
        }
        return all;
    }

    static String name(JsonNode container) {
        String n = text(container, "name");
        return n == null ? "" : n;
    }

    /** A list of strings (capabilities, ...), empty when absent. */
    static List<String> strings(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    /** Whether the pod says it runs on Windows ({@code spec.os.name}), which relaxes some restricted checks. */
    static boolean windows(JsonNode spec) {
        return "windows".equals(text(spec, "os", "name"));
    }
}
