package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code %v} rendering of decoded JSON (map[string]interface{}, []interface{}, float64), because
 * several upstream strategic-merge errors embed the offending value that way.
 */
final class GoFormat {

    private GoFormat() {
    }

    static String v(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "<nil>";
        }
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            n.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            StringBuilder b = new StringBuilder("map[");
            sorted.forEach((k, val) -> b.append(b.length() > 4 ? " " : "").append(k).append(':').append(v(val)));
            return b.append(']').toString();
        }
        if (n.isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < n.size(); i++) {
                b.append(i > 0 ? " " : "").append(v(n.get(i)));
            }
            return b.append(']').toString();
        }
        if (n.isNumber()) {
            double d = n.asDouble();
            // float64 with %v prints integral values without a fraction, others in shortest form
            return d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString((long) d) : Double.toString(d);
        }
        return n.asText();
    }
}
