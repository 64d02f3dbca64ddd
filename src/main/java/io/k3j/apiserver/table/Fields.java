package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Null-tolerant reads from API objects: a missing field reads as Go's zero value, as printers expect. */
final class Fields {

    private Fields() {
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    /** The string at {@code path}, or "" when absent (Go's zero string). */
    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isValueNode() && !n.isNull() ? n.asText() : "";
    }

    static String textOrNull(JsonNode n) {
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    /** The integer at {@code path}, or 0 when absent. */
    static long integer(JsonNode node, String... path) {
        return at(node, path).asLong(0);
    }

    static boolean bool(JsonNode node, String... path) {
        return at(node, path).asBoolean(false);
    }

    static boolean present(JsonNode n) {
        return !n.isMissingNode() && !n.isNull();
    }

    /** Elements of the array at {@code path}; empty when absent. */
    static List<JsonNode> items(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    /** Number of entries of the object or array at {@code path}. */
    static long size(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isObject() || n.isArray() ? n.size() : 0;
    }

    /** A metav1.Time / MicroTime, or empty when absent or unparseable. */
    static Optional<Instant> time(JsonNode n) {
        String s = textOrNull(n);
        if (s == null || s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The first element of an array whose {@code key} equals {@code value}, e.g. a condition by type. */
    static Optional<JsonNode> find(JsonNode array, String key, String value) {
        if (array.isArray()) {
            for (JsonNode e : array) {
                if (value.equals(e.path(key).asText(null))) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the condition of {@code type} in {@code conditions} has status "True". */
    static boolean conditionTrue(JsonNode conditions, String type) {
        return find(conditions, "type", type).map(c -> "True".equals(c.path("status").asText())).orElse(false);
    }
}
