package io.k3j.volume;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.quota.Quantity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small readers over Jackson trees used by the parsed views (nothing here modifies its argument). */
final class Json {

    private Json() {
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "" : n.asText("");
    }

    static Map<String, String> strings(JsonNode obj) {
        Map<String, String> out = new LinkedHashMap<>();
        obj.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(out);
    }

    static List<String> list(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    /** A storage quantity, or zero when absent or malformed (upstream's zero-value Quantity). */
    static Quantity quantity(JsonNode n) {
        Quantity q = n.isTextual() || n.isNumber() ? Quantity.parseOrNull(n.asText()) : null;
        return q == null ? Quantity.ZERO : q;
    }
}
