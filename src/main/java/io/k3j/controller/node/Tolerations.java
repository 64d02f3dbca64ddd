package io.k3j.controller.node;

import com.fasterxml.jackson.databind.JsonNode;

/** Upstream's toleration matching (v1.Toleration.ToleratesTaint). */
public final class Tolerations {

    private Tolerations() {
    }

    /** Whether {@code toleration} tolerates {@code taint}. */
    public static boolean tolerates(JsonNode toleration, JsonNode taint) {
        String effect = toleration.path("effect").asText("");
        if (!effect.isEmpty() && !effect.equals(taint.path("effect").asText())) {
            return false;
        }
        String key = toleration.path("key").asText("");
        if (!key.isEmpty() && !key.equals(taint.path("key").asText())) {
            return false;
        }
        String op = toleration.path("operator").asText("Equal");
        return switch (op) {
            case "Exists" -> true;
            case "", "Equal" -> toleration.path("value").asText("").equals(taint.path("value").asText(""));
            default -> false;
        };
    }

    /**
     * For a NoExecute taint: null when no toleration matches (evict now), {@link Long#MAX_VALUE} when one matches
     * without tolerationSeconds (stay forever), else the smallest tolerationSeconds among the matching ones.
     */
    public static Long tolerationSeconds(JsonNode tolerations, JsonNode taint) {
        Long best = null;
        for (JsonNode t : tolerations) {
            if (!tolerates(t, taint)) {
                continue;
            }
            long s = t.has("tolerationSeconds") && !t.get("tolerationSeconds").isNull()
                    ? t.get("tolerationSeconds").asLong() : Long.MAX_VALUE;
            best = best == null ? s : Math.min(best, s);
        }
        return best;
    }
}
