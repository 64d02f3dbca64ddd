package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A ReplicaSet's (or ReplicationController's) status computed from its pods, as upstream's calculateStatus. */
final class ReplicaStatus {

    static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaStatus() {
    }

    /**
     * @param pods         the active pods it controls
     * @param manageError  the error of this sync's creates/deletes (null: none)
     * @param scalingUp    whether the failed operation was a create (reason FailedCreate) or a delete (FailedDelete)
     */
    static ObjectNode calculate(JsonNode rs, List<ObjectNode> pods, Throwable manageError, boolean scalingUp, Instant now) {
        int minReady = rs.path("spec").path("minReadySeconds").asInt(0);
        Map<String, String> templateLabels = Meta.stringMap(rs.path("spec").path("template").path("metadata").path("labels"));
        int fully = 0;
        int ready = 0;
        int available = 0;
        for (ObjectNode p : pods) {
            if (Meta.labels(p).entrySet().containsAll(templateLabels.entrySet())) {
                fully++;
            }
            if (Pods.ready(p)) {
                ready++;
                if (Pods.available(p, minReady, now)) {
                    available++;
                }
            }
        }
        ObjectNode old = rs.path("status").isObject() ? (ObjectNode) rs.get("status") : Meta.MAPPER.createObjectNode();
        ObjectNode status = Meta.MAPPER.createObjectNode();
        status.put("replicas", pods.size());
        status.put("fullyLabeledReplicas", fully);
        status.put("readyReplicas", ready);
        status.put("availableReplicas", available);
        status.put("observedGeneration", Meta.generation(rs));
        ArrayNode conditions = Meta.MAPPER.createArrayNode();
        JsonNode failure = null;
        for (JsonNode c : old.path("conditions")) {
            if (REPLICA_FAILURE.equals(c.path("type").asText())) {
                failure = c;
            } else {
                conditions.add(c);
            }
        }
        if (manageError != null && failure == null) {
            conditions.addObject().put("type", REPLICA_FAILURE).put("status", "True")
                    .put("lastTransitionTime", Meta.format(now))
                    .put("reason", scalingUp ? "FailedCreate" : "FailedDelete")
                    .put("message", String.valueOf(manageError.getMessage()));
        } else if (manageError != null) {
            conditions.add(failure);
        }
        if (!conditions.isEmpty()) {
            status.set("conditions", conditions);
        }
        return status;
    }

    /** True when the fields the controller owns differ (so a status write is due). */
    static boolean changed(JsonNode oldStatus, JsonNode newStatus) {
        for (String f : new String[]{"replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration"}) {
            if (oldStatus.path(f).asLong(0) != newStatus.path(f).asLong(0)) {
                return true;
            }
        }
        return !Meta.semanticEquals(oldStatus.path("conditions"), newStatus.path("conditions"));
    }
}
