package io.k3j.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/** apiextensions.k8s.io/v1 defaults for a CRD on write: singular and list kind names, conversion strategy None. */
public final class CrdDefaults {

    private CrdDefaults() {
    }

    public static void apply(ObjectNode crd) {
        JsonNode specNode = crd.get("spec");
        if (specNode == null || !specNode.isObject()) {
            return;
        }
        ObjectNode spec = (ObjectNode) specNode;
        JsonNode namesNode = spec.get("names");
        if (namesNode != null && namesNode.isObject()) {
            ObjectNode names = (ObjectNode) namesNode;
            String kind = names.path("kind").asText("");
            if (names.path("singular").asText("").isEmpty() && !kind.isEmpty()) {
                names.put("singular", kind.toLowerCase(Locale.ROOT));
            }
            if (names.path("listKind").asText("").isEmpty() && !kind.isEmpty()) {
                names.put("listKind", kind + "List");
            }
        }
        JsonNode conversion = spec.get("conversion");
        if (conversion == null || !conversion.isObject()) {
            spec.putObject("conversion").put("strategy", "None");
        } else if (!conversion.has("strategy")) {
            ((ObjectNode) conversion).put("strategy", "None");
        }
    }
}
