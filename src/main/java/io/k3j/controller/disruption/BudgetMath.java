package io.k3j.controller.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.controller.support.Meta;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The disruption controller's arithmetic, pure: how many pods a budget expects, how many must stay healthy, how
 * many are, and so how many may be disrupted. Pods the eviction subresource recorded in disruptedPods count as
 * gone for {@link #DELETION_TIMEOUT}; after that their entry is dropped (the pod evidently was not deleted).
 */
public final class BudgetMath {

    /** Upstream's DeletionTimeout: how long an eviction's record keeps a pod out of the healthy count. */
    public static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

    private BudgetMath() {
    }

    /** Status figures of one budget, plus when to look again (an entry of disruptedPods expires), or null. */
    public record Budget(int expectedPods, int desiredHealthy, int currentHealthy, int disruptionsAllowed,
                         ObjectNode disruptedPods, Instant recheckAt) {
    }

    /** Whether the expected count comes from the owning controllers' scale rather than from the pods found. */
    public static boolean needsScale(JsonNode pdb) {
        JsonNode spec = pdb.path("spec");
        if (spec.hasNonNull("maxUnavailable")) {
            return true;
        }
        JsonNode min = spec.path("minAvailable");
        return min.isTextual() && min.asText().trim().endsWith("%");
    }

    /**
     * The budget over {@code pods} (those its selector matches); {@code scale} is the owners' summed desired
     * replicas, used when {@link #needsScale} says so. Neither minAvailable nor maxUnavailable: nothing expected.
     */
    public static Budget compute(JsonNode pdb, List<? extends JsonNode> pods, int scale, Instant now) {
        JsonNode spec = pdb.path("spec");
        int expected = 0;
        int desired = 0;
        if (spec.hasNonNull("maxUnavailable")) {
            expected = scale;
            int maxUnavailable = scaled(spec.get("maxUnavailable"), expected);
            desired = Math.max(0, expected - maxUnavailable);
        } else if (spec.hasNonNull("minAvailable")) {
            JsonNode min = spec.get("minAvailable");
            if (needsScale(pdb)) {
                expected = scale;
            } else {
                expected = pods.size();
            }
            desired = scaled(min, expected);
        }
        ObjectNode disrupted = Json.MAPPER.createObjectNode();
        Instant recheck = null;
        JsonNode recorded = pdb.path("status").path("disruptedPods");
        for (JsonNode pod : pods) {
            String name = Meta.name(pod);
            if (Meta.deleting(pod) || !recorded.hasNonNull(name)) {
                continue;
            }
            Instant at = parse(recorded.get(name).asText());
            if (at == null) {
                continue;
            }
            Instant expiry = at.plus(DELETION_TIMEOUT);
            if (expiry.isAfter(now)) {
                disrupted.put(name, recorded.get(name).asText());
                recheck = recheck == null || expiry.isBefore(recheck) ? expiry : recheck;
            }
        }
        int healthy = 0;
        for (JsonNode pod : pods) {
            if (!Meta.deleting(pod) && !disrupted.has(Meta.name(pod)) && ready(pod)) {
                healthy++;
            }
        }
        int allowed = healthy - desired;
        if (expected <= 0 || allowed <= 0) {
            allowed = 0;
        }
        return new Budget(expected, desired, healthy, allowed, disrupted, recheck);
    }

    /** The status a budget should carry: the figures, observedGeneration and the DisruptionAllowed condition. */
    public static ObjectNode status(JsonNode pdb, Budget b, Instant now) {
        ObjectNode status = pdb.path("status").isObject() ? ((ObjectNode) pdb.get("status")).deepCopy()
                : Json.MAPPER.createObjectNode();
        status.put("observedGeneration", pdb.path("metadata").path("generation").asLong(0));
        status.put("expectedPods", b.expectedPods());
        status.put("desiredHealthy", b.desiredHealthy());
        status.put("currentHealthy", b.currentHealthy());
        status.put("disruptionsAllowed", b.disruptionsAllowed());
        if (b.disruptedPods().isEmpty()) {
            status.remove("disruptedPods");
        } else {
            status.set("disruptedPods", b.disruptedPods());
        }
        boolean ok = b.disruptionsAllowed() > 0;
        setCondition(status, ok ? "True" : "False", ok ? "SufficientPods" : "InsufficientPods", "", now);
        return status;
    }

    /** Upstream's fail-safe when the figures cannot be computed: no disruption allowed, SyncFailed with the error. */
    public static ObjectNode failSafe(JsonNode pdb, String error, Instant now) {
        ObjectNode status = pdb.path("status").isObject() ? ((ObjectNode) pdb.get("status")).deepCopy()
                : Json.MAPPER.createObjectNode();
        status.put("disruptionsAllowed", 0);
        setCondition(status, "False", "SyncFailed", error, now);
        return status;
    }

    static void setCondition(ObjectNode status, String value, String reason, String message, Instant now) {
        var conditions = status.path("conditions").isArray()
                ? (com.fasterxml.jackson.databind.node.ArrayNode) status.get("conditions") : status.putArray("conditions");
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
            c.put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        c.put("status", value).put("reason", reason).put("message", message)
                .put("observedGeneration", status.path("observedGeneration").asLong(0));
    }

    /** An intstr against a total; percentages round up, as upstream's budget code does. */
    static int scaled(JsonNode value, int total) {
        if (value.isNumber()) {
            return value.asInt();
        }
        String s = value.asText().trim();
        try {
            if (s.endsWith("%")) {
                long pct = Long.parseLong(s.substring(0, s.length() - 1));
                return (int) Math.ceilDiv(pct * total, 100);
            }
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean ready(JsonNode pod) {
        JsonNode c = Meta.condition(pod, "Ready");
        return c != null && "True".equals(c.path("status").asText());
    }

    private static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
