package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Upstream's eviction rules as pure functions on pod and PodDisruptionBudget trees: which pods bypass a budget,
 * and how an allowed eviction is charged to one. Kept free of I/O so they can be tested on their own.
 */
final class EvictionRules {

    static final String TOO_MANY_REQUESTS = "Cannot evict pod as it would violate the pod's disruption budget.";
    static final String MULTIPLE_BUDGETS = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
    /** Upstream refuses once this many evictions wait for the disruption controller to confirm them. */
    static final int MAX_DISRUPTED_PODS = 2000;

    private EvictionRules() {
    }

    /** A pod that is finished, still pending, or already being deleted costs no budget. */
    static boolean canIgnoreBudget(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending")
                || pod.path("metadata").hasNonNull("deletionTimestamp");
    }

    static boolean ready(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    /**
     * An unready pod leaves without charging the budget when the budget says so: always under the AlwaysAllow
     * policy, and under the default IfHealthyBudget only while the budget is met.
     */
    static boolean unhealthyMayGo(JsonNode pod, JsonNode pdb) {
        if (ready(pod)) {
            return false;
        }
        if ("AlwaysAllow".equals(pdb.path("spec").path("unhealthyPodEvictionPolicy").asText(""))) {
            return true;
        }
        JsonNode st = pdb.path("status");
        long desired = st.path("desiredHealthy").asLong(0);
        return st.path("currentHealthy").asLong(0) >= desired && desired > 0;
    }

    /**
     * Charges one eviction of {@code podName} to {@code pdb} (changed in place), or throws the error upstream
     * answers: 429 while the controller has not seen the latest spec or no disruption is left, 403 for a
     * corrupt budget.
     */
    static void charge(ObjectNode pdb, String podName, Instant now, boolean dryRun) {
        String name = pdb.path("metadata").path("name").asText();
        ObjectNode status = pdb.with("status");
        if (status.path("observedGeneration").asLong(0) < pdb.path("metadata").path("generation").asLong(0)) {
            throw tooManyRequests("The disruption budget " + name + " is still being processed by the server.");
        }
        long allowed = status.path("disruptionsAllowed").asLong(0);
        if (allowed < 0) {
            throw forbidden(name, "pdb disruptions allowed is negative");
        }
        if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
            throw forbidden(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }
        if (allowed == 0) {
            throw tooManyRequests("The disruption budget " + name + " needs " + status.path("desiredHealthy").asLong(0)
                    + " healthy pods and has " + status.path("currentHealthy").asLong(0) + " currently");
        }
        status.put("disruptionsAllowed", allowed - 1);
        if (allowed - 1 == 0) {
            setAllowedCondition(status, false, now);
        }
        if (!dryRun) {
            status.with("disruptedPods").put(podName, now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
    }

    /** The DisruptionAllowed condition as the disruption controller keeps it; the transition time moves on change. */
    static void setAllowedCondition(ObjectNode status, boolean allowed, Instant now) {
        String value = allowed ? "True" : "False";
        String reason = allowed ? "SufficientPods" : "InsufficientPods";
        ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
                ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
        ObjectNode c = null;
        for (JsonNode each : conditions) {
            if ("DisruptionAllowed".equals(each.path("type").asText())) {
                c = (ObjectNode) each;
            }
        }
        if (c == null) {
            c = conditions.addObject().put("type", "DisruptionAllowed");
        }
        if (!value.equals(c.path("status").asText())) {
            c.put("lastTransitionTime", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
        c.put("status", value).put("reason", reason).put("message", "")
                .put("observedGeneration", status.path("observedGeneration").asLong(0));
    }

    static ApiError tooManyRequests(String cause) {
        JsonObject details = new JsonObject().put("causes", new JsonArray()
                .add(new JsonObject().put("reason", "DisruptionBudget").put("message", cause)));
        return new ApiError(429, "TooManyRequests", TOO_MANY_REQUESTS, details);
    }

    private static ApiError forbidden(String pdb, String why) {
        return new ApiError(403, "Forbidden", "poddisruptionbudget.policy \"" + pdb + "\" is forbidden: " + why,
                new JsonObject().put("name", pdb).put("group", "policy").put("kind", "poddisruptionbudget"));
    }
}
