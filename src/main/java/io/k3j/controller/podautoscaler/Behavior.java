package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * An HPA's {@code spec.behavior} with autoscaling/v2's defaults filled in for each direction left unset: scale up
 * without stabilization by at most max(4 pods, 100 %) per 15 s; scale down by at most 100 % per 15 s after the
 * controller's downscale stabilization window (--horizontal-pod-autoscaler-downscale-stabilization, 5m).
 */
public record Behavior(Rules scaleUp, Rules scaleDown) {

    public static final String MAX = "Max";
    public static final String MIN = "Min";
    public static final String DISABLED = "Disabled";

    /** One policy: change by {@code value} pods or percent within {@code periodSeconds}. */
    public record Policy(String type, int value, int periodSeconds) {
    }

    /** One direction's rules. */
    public record Rules(int stabilizationWindowSeconds, String selectPolicy, List<Policy> policies) {

        public Rules {
            policies = List.copyOf(policies);
        }

        int longestPeriodSeconds() {
            return policies.stream().mapToInt(Policy::periodSeconds).max().orElse(0);
        }
    }

    static final Rules DEFAULT_SCALE_UP = new Rules(0, MAX,
            List.of(new Policy("Pods", 4, 15), new Policy("Percent", 100, 15)));

    static Rules defaultScaleDown(int downscaleWindowSeconds) {
        return new Rules(downscaleWindowSeconds, MAX, List.of(new Policy("Percent", 100, 15)));
    }

    /** The behavior of {@code spec.behavior}, or null when the HPA has none (the legacy normalization then applies). */
    public static Behavior of(JsonNode behavior, int downscaleWindowSeconds) {
        if (behavior == null || !behavior.isObject()) {
            return null;
        }
        return new Behavior(rules(behavior.path("scaleUp"), DEFAULT_SCALE_UP),
                rules(behavior.path("scaleDown"), defaultScaleDown(downscaleWindowSeconds)));
    }

    /** Each field given overrides its default, as upstream's defaulting copies the non-nil fields. */
    private static Rules rules(JsonNode given, Rules defaults) {
        if (!given.isObject()) {
            return defaults;
        }
        int window = given.path("stabilizationWindowSeconds").isNumber()
                ? given.path("stabilizationWindowSeconds").asInt() : defaults.stabilizationWindowSeconds();
        String select = given.path("selectPolicy").isTextual() ? given.path("selectPolicy").asText() : defaults.selectPolicy();
        List<Policy> policies = defaults.policies();
        if (given.path("policies").isArray()) {
            policies = new ArrayList<>();
            for (JsonNode p : given.path("policies")) {
                policies.add(new Policy(p.path("type").asText(), p.path("value").asInt(), p.path("periodSeconds").asInt()));
            }
        }
        return new Rules(window, select, policies);
    }
}
