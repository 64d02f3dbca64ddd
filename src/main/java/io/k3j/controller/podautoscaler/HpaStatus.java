package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The status an HPA sync builds, starting from the stored one: conditions keep their lastTransitionTime unless
 * their status flips (upstream's setCondition), lastScaleTime moves only on a rescale. Rendered as autoscaling/v2
 * (currentMetrics always present, null when unknown); the API server converts it for autoscaling/v1 readers.
 */
final class HpaStatus {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ArrayNode conditions;
    private String lastScaleTime;
    private int currentReplicas;
    private int desiredReplicas;
    private ArrayNode currentMetrics;

    HpaStatus(JsonNode stored) {
        JsonNode status = stored.path("status");
        conditions = status.path("conditions").isArray() ? ((ArrayNode) status.path("conditions")).deepCopy() : JSON.arrayNode();
        lastScaleTime = status.path("lastScaleTime").isTextual() ? status.path("lastScaleTime").asText() : null;
        currentReplicas = status.path("currentReplicas").asInt(0);
        desiredReplicas = status.path("desiredReplicas").asInt(0);
        currentMetrics = status.path("currentMetrics").isArray() ? ((ArrayNode) status.path("currentMetrics")).deepCopy() : null;
    }

    void set(Condition c, Instant now) {
        ObjectNode existing = null;
        for (JsonNode n : conditions) {
            if (c.type().equals(n.path("type").asText())) {
                existing = (ObjectNode) n;
                break;
            }
        }
        if (existing == null) {
            existing = conditions.addObject().put("type", c.type());
        }
        if (!c.statusText().equals(existing.path("status").asText())) {
            existing.put("status", c.statusText());
            existing.put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        existing.put("reason", c.reason()).put("message", c.message());
    }

    int desiredReplicas() {
        return desiredReplicas;
    }

    /** Upstream's setStatus: the counts and metrics of this sync; lastScaleTime now when it rescaled. */
    void set(int current, int desired, ArrayNode metrics, boolean rescaled, Instant now) {
        currentReplicas = current;
        desiredReplicas = desired;
        currentMetrics = metrics;
        if (rescaled) {
            lastScaleTime = now.truncatedTo(ChronoUnit.SECONDS).toString();
        }
    }

    ObjectNode toV2() {
        ObjectNode s = JSON.objectNode();
        if (lastScaleTime != null) {
            s.put("lastScaleTime", lastScaleTime);
        }
        if (currentReplicas != 0) {
            s.put("currentReplicas", currentReplicas);
        }
        s.put("desiredReplicas", desiredReplicas);
        if (currentMetrics == null || currentMetrics.isEmpty()) {
            s.putNull("currentMetrics");
        } else {
            s.set("currentMetrics", currentMetrics);
        }
        if (!conditions.isEmpty()) {
            s.set("conditions", conditions);
        }
        return s;
    }
}
