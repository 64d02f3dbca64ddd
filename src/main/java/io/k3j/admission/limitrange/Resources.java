package io.k3j.admission.limitrange;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** A ResourceList ({@code cpu: 500m, memory: 1Gi}) read from JSON, in the order written. */
final class Resources {

    private Resources() {
    }

    /** Entries that are not quantities are left out: API validation refuses them with its own message. */
    static Map<String, Amount> of(JsonNode list) {
        Map<String, Amount> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                try {
                    out.put(e.getKey(), Amount.of(e.getValue().asText()));
                } catch (RuntimeException notAQuantity) {
                    // skipped, see above
                }
            }
        }
        return out;
    }

    /** {@code into += add}, resource by resource. */
    static void add(Map<String, Amount> into, Map<String, Amount> add) {
        add.forEach((k, v) -> into.merge(k, v, Amount::plus));
    }

    /** {@code into = max(into, other)}, resource by resource. */
    static void max(Map<String, Amount> into, Map<String, Amount> other) {
        other.forEach((k, v) -> into.merge(k, v, (a, b) -> b.compareTo(a) > 0 ? b : a));
    }
}
