package io.k3j.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code default} values of a structural schema in place, as apiextensions-apiserver does on requests
 * and on reads from storage: a missing property gets its default (a copy), as does an explicit null where the
 * schema is not nullable; then defaulting descends into every value, defaulted ones included, so nested
 * defaults apply inside defaulted objects.
 */
public final class Defaulter {

    private Defaulter() {
    }

    public static void apply(JsonNode value, StructuralSchema s) {
        if (value == null || s == null) {
            return;
        }
        if (value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            for (Map.Entry<String, StructuralSchema> p : s.properties().entrySet()) {
                JsonNode d = p.getValue().defaultValue();
                if (d == null) {
                    continue;
                }
                JsonNode current = object.get(p.getKey());
                if (current == null || nonNullableNull(current, p.getValue())) {
                    object.set(p.getKey(), d.deepCopy());
                }
            }
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                StructuralSchema c = s.properties().get(key);
                if (c == null && s.additionalProperties() != null) {
                    c = s.additionalProperties();
                    if (nonNullableNull(object.get(key), c) && c.defaultValue() != null) {
                        object.set(key, c.defaultValue().deepCopy());
                    }
                }
                apply(object.get(key), c);
            }
        } else if (value.isArray() && s.items() != null) {
            ArrayNode array = (ArrayNode) value;
            for (int i = 0; i < array.size(); i++) {
                if (nonNullableNull(array.get(i), s.items()) && s.items().defaultValue() != null) {
                    array.set(i, s.items().defaultValue().deepCopy());
                }
                apply(array.get(i), s.items());
            }
        }
    }

    private static boolean nonNullableNull(JsonNode v, StructuralSchema s) {
        return v != null && v.isNull() && !s.nullable();
    }
}
