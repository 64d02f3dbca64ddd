package io.k3j.controller.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Read-only accessors for the metadata of objects as Jackson trees (nothing here modifies its argument). */
public final class Meta {

    private Meta() {
    }

    public static String name(JsonNode o) {
        return o.path("metadata").path("name").asText("");
    }

    public static String namespace(JsonNode o) {
        return o.path("metadata").path("namespace").asText("");
    }

    public static String uid(JsonNode o) {
        return o.path("metadata").path("uid").asText("");
    }

    public static String resourceVersion(JsonNode o) {
        return o.path("metadata").path("resourceVersion").asText("");
    }

    public static boolean deleting(JsonNode o) {
        return o.path("metadata").hasNonNull("deletionTimestamp");
    }

    public static List<String> finalizers(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.path("metadata").path("finalizers").forEach(f -> out.add(f.asText()));
        return out;
    }

    public static boolean hasFinalizer(JsonNode o, String finalizer) {
        for (JsonNode f : o.path("metadata").path("finalizers")) {
            if (f.asText().equals(finalizer)) {
                return true;
            }
        }
        return false;
    }

    /** metadata.creationTimestamp, or the epoch when missing (so such objects sort first). */
    public static Instant created(JsonNode o) {
        return time(o.path("metadata").path("creationTimestamp").asText(""));
    }

    /** An RFC 3339 time, or the epoch when empty or malformed. */
    public static Instant time(String text) {
        if (text == null || text.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** The status condition of {@code type}, or a missing node. */
    public static JsonNode condition(JsonNode o, String type) {
        for (JsonNode c : o.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** A minimal object: apiVersion, kind and metadata with name (and namespace unless empty). */
    public static ObjectNode object(String apiVersion, String kind, String namespace, String name) {
        ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode m = o.putObject("metadata").put("name", name);
        if (!namespace.isEmpty()) {
            m.put("namespace", namespace);
        }
        return o;
    }
}
