package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Consumer;

/**
 * The few JSON moves defaulting makes. "Absent" means missing or JSON null, as a nil pointer or an empty string in
 * upstream's Go types (an explicit {@code ""} for a string field counts as unset there too, see {@link #unsetText}).
 */
final class Fields {

    private Fields() {
    }

    static boolean absent(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull();
    }

    /** A string field that Go would see as "": missing, null or empty. */
    static boolean unsetText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty());
    }

    static void text(ObjectNode o, String field, String value) {
        if (unsetText(o, field)) {
            o.put(field, value);
        }
    }

    static void number(ObjectNode o, String field, int value) {
        if (absent(o, field)) {
            o.put(field, value);
        }
    }

    /** An int32 field whose Go zero value means unset ({@code timeoutSeconds: 0} is defaulted like a missing one). */
    static void positive(ObjectNode o, String field, int value) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull() || (v.isNumber() && v.asLong() == 0)) {
            o.put(field, value);
        }
    }

    static void bool(ObjectNode o, String field, boolean value) {
        if (absent(o, field)) {
            o.put(field, value);
        }
    }

    /** The object at {@code field}, created empty when missing or null. */
    static ObjectNode object(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        return n instanceof ObjectNode o ? o : parent.putObject(field);
    }

    /** The object at {@code field} when there is one, else null (nothing is created). */
    static ObjectNode existing(JsonNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : null;
    }

    /** Calls {@code each} for every object element of the array at {@code field}, if any. */
    static void eachObject(JsonNode parent, String field, Consumer<ObjectNode> each) {
        if (parent != null && parent.get(field) instanceof ArrayNode a) {
            for (JsonNode e : a) {
                if (e instanceof ObjectNode o) {
                    each.accept(o);
                }
            }
        }
    }

    /** Calls {@code then} with the object at {@code field} when there is one. */
    static void ifObject(JsonNode parent, String field, Consumer<ObjectNode> then) {
        ObjectNode o = parent == null ? null : existing(parent, field);
        if (o != null) {
            then.accept(o);
        }
    }

    static boolean nonEmptyArray(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && v.isArray() && !v.isEmpty();
    }

    static boolean nonEmptyObject(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && v.isObject() && !v.isEmpty();
    }
}
