package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A Deployment's status and its Progressing/Available/ReplicaFailure conditions, as upstream computes them. */
final class DeploymentStatus {

    static final String PROGRESSING = "Progressing";
    static final String AVAILABLE = "Available";
    static final String REPLICA_FAILURE = "ReplicaFailure";
    static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String RS_UPDATED = "ReplicaSetUpdated";
    static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    static final String FAILED_RS_CREATE = "ReplicaSetCreateError";
    static final String PAUSED = "DeploymentPaused";
    static final String RESUMED = "DeploymentResumed";

    private DeploymentStatus() {
    }

    static ObjectNode condition(String type, String status, String reason, String message, Instant now) {
        String t = Meta.format(now);
        return Meta.MAPPER.createObjectNode().put("type", type).put("status", status).put("lastUpdateTime", t)
                .put("lastTransitionTime", t).put("reason", reason).put("message", message);
    }

    static JsonNode get(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return null;
    }

    /**
     * upstream's SetDeploymentCondition: same status and reason leaves the condition alone; same status keeps the
     * transition time.
     */
    static void set(ObjectNode status, ObjectNode cond) {
        JsonNode cur = get(status, cond.path("type").asText());
        if (cur != null && cur.path("status").equals(cond.path("status")) && cur.path("reason").equals(cond.path("reason"))) {
            return;
        }
        if (cur != null && cur.path("status").equals(cond.path("status"))) {
            cond.set("lastTransitionTime", cur.get("lastTransitionTime"));
        }
        remove(status, cond.path("type").asText());
        Meta.arr(status, "conditions").add(cond);
    }

    static void remove(ObjectNode status, String type) {
        JsonNode conds = status.get("conditions");
        if (!(conds instanceof ArrayNode a)) {
            return;
        }
        for (int i = a.size() - 1; i >= 0; i--) {
            if (type.equals(a.get(i).path("type").asText())) {
                a.remove(i);
            }
        }
        if (a.isEmpty()) {
            status.remove("conditions");
        }
    }

    static boolean hasProgressDeadline(JsonNode d) {
        JsonNode p = d.path("spec").path("progressDeadlineSeconds");
        return p.isNumber() && p.asInt() != Integer.MAX_VALUE;
    }

    /** upstream's calculateStatus: counts from the ReplicaSets, the Available condition from the unavailability budget. */
    static ObjectNode calculate(JsonNode d, List<ObjectNode> allRSs, JsonNode newRS, Instant now) {
        int available = DeploymentMath.sumAvailable(allRSs);
        int total = DeploymentMath.sumReplicas(allRSs);
        ObjectNode s = Meta.MAPPER.createObjectNode();
        s.put("observedGeneration", Meta.generation(d));
        s.put("replicas", DeploymentMath.sumStatusReplicas(allRSs));
        s.put("updatedReplicas", newRS == null ? 0 : DeploymentMath.statusReplicas(newRS));
        s.put("readyReplicas", DeploymentMath.sumReady(allRSs));
        s.put("availableReplicas", available);
        s.put("unavailableReplicas", Math.max(0, total - available));
        if (d.path("status").has("collisionCount")) {
            s.set("collisionCount", d.path("status").get("collisionCount"));
        }
        if (d.path("status").path("conditions").isArray() && !d.path("status").path("conditions").isEmpty()) {
            s.set("conditions", d.path("status").get("conditions").deepCopy());
        }
        if (available >= DeploymentMath.replicas(d) - DeploymentMath.maxUnavailable(d)) {
            set(s, condition(AVAILABLE, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now));
        } else {
            set(s, condition(AVAILABLE, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now));
        }
        return s;
    }

    static boolean complete(JsonNode d, JsonNode s) {
        int want = DeploymentMath.replicas(d);
        return s.path("updatedReplicas").asInt() == want && s.path("replicas").asInt() == want
                && s.path("availableReplicas").asInt() == want && s.path("observedGeneration").asLong() >= Meta.generation(d);
    }

    static boolean progressing(JsonNode d, JsonNode s) {
        JsonNode old = d.path("status");
        int oldOld = old.path("replicas").asInt() - old.path("updatedReplicas").asInt();
        int newOld = s.path("replicas").asInt() - s.path("updatedReplicas").asInt();
        return s.path("updatedReplicas").asInt() > old.path("updatedReplicas").asInt() || newOld < oldOld
                || s.path("readyReplicas").asInt() > old.path("readyReplicas").asInt()
                || s.path("availableReplicas").asInt() > old.path("availableReplicas").asInt();
    }

    static boolean timedOut(JsonNode d, JsonNode s, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        JsonNode c = get(s, PROGRESSING);
        if (c == null || NEW_RS_AVAILABLE.equals(c.path("reason").asText())) {
            return false;
        }
        if (TIMED_OUT.equals(c.path("reason").asText())) {
            return true;
        }
        Instant from = Meta.time(c.path("lastUpdateTime"));
        return from != null && from.plusSeconds(d.path("spec").path("progressDeadlineSeconds").asInt()).isBefore(now);
    }

    /** upstream's syncRolloutStatus condition logic, applied to {@code s} (the freshly calculated status). */
    static void rollout(JsonNode d, ObjectNode s, JsonNode newRS, List<ObjectNode> allRSs, Instant now) {
        if (!hasProgressDeadline(d)) {
            remove(s, PROGRESSING);
        }
        JsonNode current = get(d.path("status"), PROGRESSING);
        boolean completeRollout = s.path("replicas").asInt() == s.path("updatedReplicas").asInt() && current != null
                && NEW_RS_AVAILABLE.equals(current.path("reason").asText());
        String subject = newRS == null ? "Deployment \"" + Meta.name(d) + "\"" : "ReplicaSet \"" + Meta.name(newRS) + "\"";
        if (hasProgressDeadline(d) && !completeRollout) {
            if (complete(d, s)) {
                set(s, condition(PROGRESSING, "True", NEW_RS_AVAILABLE, subject + " has successfully progressed.", now));
            } else if (progressing(d, s)) {
                ObjectNode c = condition(PROGRESSING, "True", RS_UPDATED, subject + " is progressing.", now);
                if (current != null) {
                    if ("True".equals(current.path("status").asText())) {
                        c.set("lastTransitionTime", current.get("lastTransitionTime"));
                    }
                    remove(s, PROGRESSING);
                }
                set(s, c);
            } else if (timedOut(d, s, now)) {
                set(s, condition(PROGRESSING, "False", TIMED_OUT, subject + " has timed out progressing.", now));
            }
        }
        List<ObjectNode> failures = replicaFailures(allRSs, newRS);
        if (!failures.isEmpty()) {
            set(s, failures.getFirst());
        } else {
            remove(s, REPLICA_FAILURE);
        }
    }

    /** ReplicaFailure conditions of the ReplicaSets, the new one's first, as Deployment conditions. */
    private static List<ObjectNode> replicaFailures(List<ObjectNode> allRSs, JsonNode newRS) {
        List<ObjectNode> out = new ArrayList<>();
        List<JsonNode> ordered = new ArrayList<>();
        if (newRS != null) {
            ordered.add(newRS);
        }
        for (ObjectNode rs : allRSs) {
            if (rs != null && (newRS == null || !Meta.uid(rs).equals(Meta.uid(newRS)))) {
                ordered.add(rs);
            }
        }
        for (JsonNode rs : ordered) {
            JsonNode c = get(rs.path("status"), REPLICA_FAILURE);
            if (c != null) {
                ObjectNode dc = Meta.MAPPER.createObjectNode().put("type", REPLICA_FAILURE)
                        .put("status", c.path("status").asText()).put("reason", c.path("reason").asText())
                        .put("message", c.path("message").asText());
                dc.set("lastUpdateTime", c.path("lastTransitionTime"));
                dc.set("lastTransitionTime", c.path("lastTransitionTime"));
                out.add(dc);
            }
        }
        return out;
    }

    /** When to look again for a deadline that has not passed yet (ms), or -1. */
    static long requeueAfter(JsonNode d, JsonNode s, Instant now) {
        JsonNode c = get(d.path("status"), PROGRESSING);
        if (!hasProgressDeadline(d) || c == null || complete(d, s) || TIMED_OUT.equals(c.path("reason").asText())) {
            return -1;
        }
        Instant from = Meta.time(c.path("lastUpdateTime"));
        if (from == null) {
            return -1;
        }
        long after = from.plusSeconds(d.path("spec").path("progressDeadlineSeconds").asInt()).toEpochMilli() - now.toEpochMilli();
        return after < 1000 ? 0 : after + 1000;
    }
}
