package io.k3j.api.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;

/**
 * Reading JSON the way Go's encoding/json reads it into a struct, for the round-trip annotations upstream decodes
 * that way: a key matches a field exactly or else case-insensitively (upstream writes the behavior annotation with
 * Go field names, "ScaleUp", and the metric annotations with JSON tags, "metricName"), and JSON null is an absent
 * pointer.
 */
final class GoJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GoJson() {
    }

    /** The parsed text, or null when it is not JSON (upstream ignores an annotation it cannot decode). */
    static JsonNode parse(String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            return n == null || n.isMissingNode() ? null : n;
        } catch (IOException e) {
            return null;
        }
    }

    /** The value of a struct field in {@code obj}; null when absent or JSON null. */
    static JsonNode field(JsonNode obj, String name) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        JsonNode exact = obj.get(name);
        if (exact != null) {
            return exact.isNull() ? null : exact;
        }
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().isNull() ? null : e.getValue();
            }
        }
        return null;
    }

    static String text(JsonNode obj, String name) {
        JsonNode v = field(obj, name);
        return v == null ? "" : v.asText("");
    }

    /** Copies a field when it has a value (an omitempty pointer or string in Go). */
    static void copy(JsonNode from, String fromName, ObjectNode to, String toName) {
        JsonNode v = field(from, fromName);
        if (v != null && !(v.isTextual() && v.asText().isEmpty())) {
            to.set(toName, v.deepCopy());
        }
    }

    /** A Quantity that is not a pointer: Go prints its zero value as "0". */
    static void quantity(JsonNode from, String fromName, ObjectNode to, String toName) {
        JsonNode v = field(from, fromName);
        to.set(toName, v == null ? JsonNodeFactory.instance.textNode("0") : v.deepCopy());
    }

    /**
     * Like {@link #copy} for a Quantity decoded from an annotation: Go parses it (a string or a JSON number) and
     * prints it canonical; one that does not parse fails the whole annotation ({@link io.k3j.api.quantity
     * .InvalidQuantityException}), which upstream then ignores.
     */
    static void decodedQuantity(JsonNode from, String fromName, ObjectNode to, String toName, boolean zeroWhenAbsent) {
        JsonNode v = field(from, fromName);
        if (v == null) {
            if (zeroWhenAbsent) {
                to.put(toName, "0");
            }
            return;
        }
        String text = v.isNumber() ? (v.isIntegralNumber() ? v.asText() : v.decimalValue().toPlainString())
                : v.isTextual() ? v.asText().strip() : v.toString();
        to.put(toName, io.k3j.api.quantity.CanonicalQuantity.of(text));
    }

    /** A CrossVersionObjectReference (kind, name, apiVersion omitted when empty). */
    static ObjectNode reference(JsonNode ref) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("kind", text(ref, "kind"));
        out.put("name", text(ref, "name"));
        copy(ref, "apiVersion", out, "apiVersion");
        return out;
    }
}
