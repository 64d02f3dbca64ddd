package io.k3j.admission.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Small accessors over JSON objects the plugins read and change in place. */
public final class ObjectFields {

    private ObjectFields() {
    }

    /** The object field {@code name} of {@code parent}, created when absent or null. */
    public static ObjectNode object(ObjectNode parent, String name) {
        JsonNode n = parent.get(name);
        return n instanceof ObjectNode o ? o : parent.putObject(name);
    }

    /** The array field {@code name} of {@code parent}, created when absent or null. */
    public static ArrayNode array(ObjectNode parent, String name) {
        JsonNode n = parent.get(name);
        return n instanceof ArrayNode a ? a : parent.putArray(name);
    }

    public static String text(JsonNode obj, String... path) {
        JsonNode n = obj;
        for (String p : path) {
            n = n.path(p);
        }
        return n.isValueNode() && !n.isNull() ? n.asText() : "";
    }

    public static String name(JsonNode obj) {
        return text(obj, "metadata", "name");
    }

    public static String annotation(JsonNode obj, String key) {
        JsonNode v = obj.path("metadata").path("annotations").get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The metadata.creationTimestamp, or the epoch when it is missing or malformed. */
    public static Instant created(JsonNode obj) {
        try {
            return Instant.parse(text(obj, "metadata", "creationTimestamp"));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** spec.containers and spec.initContainers of a pod, as the objects to change. */
    public static List<ObjectNode> containers(ObjectNode pod, String field) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode c : pod.path("spec").path(field)) {
            if (c instanceof ObjectNode o) {
                out.add(o);
            }
        }
        return out;
    }
}
