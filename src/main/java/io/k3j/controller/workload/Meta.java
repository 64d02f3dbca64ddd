package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.Informer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Read helpers over objects as Jackson trees (ObjectMeta and RFC 3339 times), and small write helpers. */
final class Meta {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Meta() {
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText("");
    }

    static String namespace(JsonNode o) {
        return o.path("metadata").path("namespace").asText("");
    }

    static String uid(JsonNode o) {
        return o.path("metadata").path("uid").asText("");
    }

    static long generation(JsonNode o) {
        return o.path("metadata").path("generation").asLong(0);
    }

    static String key(ObjectNode o) {
        return Informer.keyOf(o);
    }

    static boolean deleting(JsonNode o) {
        JsonNode ts = o.path("metadata").path("deletionTimestamp");
        return ts.isTextual() && !ts.asText().isEmpty();
    }

    static Map<String, String> labels(JsonNode o) {
        return stringMap(o.path("metadata").path("labels"));
    }

    static Map<String, String> annotations(JsonNode o) {
        return stringMap(o.path("metadata").path("annotations"));
    }

    static String annotation(JsonNode o, String key) {
        JsonNode v = o.path("metadata").path("annotations").path(key);
        return v.isTextual() ? v.asText() : null;
    }

    static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isObject()) {
            n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /** When the object was created, or null. */
    static Instant created(JsonNode o) {
        return time(o.path("metadata").path("creationTimestamp"));
    }

    /** An RFC 3339 time, or null when absent or malformed. */
    static Instant time(JsonNode n) {
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(n.asText()).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** RFC 3339 with second precision, as metav1.Time serialises. */
    static String format(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /** The child object {@code field} of {@code parent}, created when absent (or not an object). */
    static ObjectNode obj(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    static ArrayNode arr(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ArrayNode a) {
            return a;
        }
        return parent.putArray(field);
    }

    static int intOr(JsonNode n, int dflt) {
        return n != null && n.isNumber() ? n.asInt() : dflt;
    }

    /**
     * Semantic equality as upstream's apiequality: a missing field, null, an empty object and an empty array are the
     * same, and numbers compare by value.
     */
    static boolean semanticEquals(JsonNode a, JsonNode b) {
        boolean ea = isEmpty(a);
        boolean eb = isEmpty(b);
        if (ea || eb) {
            return ea && eb;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!semanticEquals(a.get(k), b.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!semanticEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Null, missing, an empty array, or an object of nothing but empty values. */
    private static boolean isEmpty(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || (n.isContainerNode() && n.isEmpty())) {
            return true;
        }
        if (n.isObject()) {
            for (JsonNode v : n) {
                if (!isEmpty(v)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
