package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An HPA's spec as the autoscaler works with it: the autoscaling/v2 object the informer reads (the API server
 * converts objects written through autoscaling/v1), with v2's defaults (minReplicas 1; no metrics means CPU at 80 %
 * utilization), as upstream's defaulting gives the controller.
 */
public record HpaSpec(String targetApiVersion, String targetKind, String targetName, int minReplicas,
                      int maxReplicas, ArrayNode metrics, JsonNode behavior) {

    static final int DEFAULT_CPU_UTILIZATION = 80;

    public static HpaSpec of(JsonNode hpa) {
        JsonNode spec = hpa.path("spec");
        ArrayNode metrics = JsonNodeFactory.instance.arrayNode();
        if (spec.path("metrics").isArray()) {
            metrics.addAll((ArrayNode) spec.path("metrics"));
        }
        if (metrics.isEmpty()) {
            metrics.add(cpuUtilization(DEFAULT_CPU_UTILIZATION));
        }
        JsonNode ref = spec.path("scaleTargetRef");
        int min = spec.path("minReplicas").isNumber() ? spec.path("minReplicas").asInt() : 1;
        return new HpaSpec(ref.path("apiVersion").asText(""), ref.path("kind").asText(""), ref.path("name").asText(""),
                min, spec.path("maxReplicas").asInt(), metrics, spec.get("behavior"));
    }

    static ObjectNode cpuUtilization(int percent) {
        ObjectNode m = JsonNodeFactory.instance.objectNode().put("type", "Resource");
        m.putObject("resource").put("name", "cpu").putObject("target").put("type", "Utilization")
                .put("averageUtilization", percent);
        return m;
    }

    /** "Deployment/x", as upstream names the target in its logs and errors. */
    String reference() {
        return targetKind + "/" + targetName;
    }
}
