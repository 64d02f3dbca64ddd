package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.rest.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleHistoryTest {

    private final TickingClock clock = new TickingClock(TestPods.NOW);
    private final ScaleHistory history = new ScaleHistory(clock, Duration.ofMinutes(5));

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withoutBehaviorScaleDownWaitsForTheStabilizationWindow() {
        history.recordInitial("ns/h", 10);
        var n = history.normalize("ns/h", 10, 2, 1, 20);
        assertThat(n.replicas()).isEqualTo(10);
        assertThat(n.ableToScale().reason()).isEqualTo("ScaleDownStabilized");
        assertThat(n.ableToScale().message())
                .isEqualTo("recent recommendations were higher than current one, applying the highest recent recommendation");
        clock.advance(Duration.ofMinutes(4));
        assertThat(history.normalize("ns/h", 10, 2, 1, 20).replicas()).isEqualTo(10);
        clock.advance(Duration.ofSeconds(61)); // the initial 10 is now older than 5 minutes; the 2s remain
        n = history.normalize("ns/h", 10, 2, 1, 20);
        assertThat(n.replicas()).isEqualTo(2);
        assertThat(n.ableToScale().reason()).isEqualTo("ReadyForNewScale");
        assertThat(n.scalingLimited()).isEqualTo(new Condition(Condition.SCALING_LIMITED, false, "DesiredWithinRange",
                "the desired count is within the acceptable range"));
    }

    @Test
    void withoutBehaviorClampsAndLimitsScaleUpToDoubleOrFour() {
        history.recordInitial("ns/h", 2);
        var n = history.normalize("ns/h", 2, 50, 1, 20);
        assertThat(n.replicas()).isEqualTo(4);
        assertThat(n.scalingLimited()).isEqualTo(new Condition(Condition.SCALING_LIMITED, true, "ScaleUpLimit",
                "the desired replica count is increasing faster than the maximum scale rate"));
        n = history.normalize("ns/h", 10, 50, 1, 12);
        assertThat(n.replicas()).isEqualTo(12);
        assertThat(n.scalingLimited().reason()).isEqualTo("TooManyReplicas");
        ScaleHistory fresh = new ScaleHistory(clock, Duration.ZERO);
        n = fresh.normalize("ns/h", 5, 1, 3, 12);
        assertThat(n.replicas()).isEqualTo(3);
        assertThat(n.scalingLimited()).isEqualTo(new Condition(Condition.SCALING_LIMITED, true, "TooFewReplicas",
                "the desired replica count is less than the minimum replica count"));
    }

    @Test
    void defaultBehaviorAllowsFourPodsOrDoublingPerFifteenSeconds() {
        Behavior b = Behavior.of(json("{}"), 300);
        assertThat(b.scaleUp()).isEqualTo(Behavior.DEFAULT_SCALE_UP);
        assertThat(b.scaleDown()).isEqualTo(Behavior.defaultScaleDown(300));
        history.recordInitial("ns/h", 3);
        // max(3 + 4, 3 * 2) = 7
        var n = history.normalize("ns/h", b, 3, 40, 1, 100);
        assertThat(n.replicas()).isEqualTo(7);
        assertThat(n.scalingLimited().reason()).isEqualTo("ScaleUpLimit");
        history.recordScale("ns/h", b, 3, 7);
        // within the same 15 s period the budget is counted from the period's start (3): still 7
        clock.advance(Duration.ofSeconds(5));
        assertThat(history.normalize("ns/h", b, 7, 40, 1, 100).replicas()).isEqualTo(7);
        // after the period: max(7 + 4, 14) = 14
        clock.advance(Duration.ofSeconds(11));
        assertThat(history.normalize("ns/h", b, 7, 40, 1, 100).replicas()).isEqualTo(14);
    }

    @Test
    void scaleDownPoliciesAndSelectPolicy() {
        Behavior max = Behavior.of(json("""
                {"scaleDown":{"stabilizationWindowSeconds":0,"policies":[
                  {"type":"Pods","value":2,"periodSeconds":60},{"type":"Percent","value":50,"periodSeconds":60}]}}"""), 300);
        history.recordInitial("ns/max", 10);
        // Max picks the biggest change: 10 * 50 % = 5 left (vs 10 - 2 = 8)
        var n = history.normalize("ns/max", max, 10, 1, 1, 100);
        assertThat(n.replicas()).isEqualTo(5);
        assertThat(n.scalingLimited()).isEqualTo(new Condition(Condition.SCALING_LIMITED, true, "ScaleDownLimit",
                "the desired replica count is decreasing faster than the maximum scale rate"));

        Behavior min = Behavior.of(json("""
                {"scaleDown":{"stabilizationWindowSeconds":0,"selectPolicy":"Min","policies":[
                  {"type":"Pods","value":2,"periodSeconds":60},{"type":"Percent","value":50,"periodSeconds":60}]}}"""), 300);
        history.recordInitial("ns/min", 10);
        assertThat(history.normalize("ns/min", min, 10, 1, 1, 100).replicas()).isEqualTo(8);
        history.recordScale("ns/min", min, 10, 8);
        clock.advance(Duration.ofSeconds(30));
        // the period started at 10: 10 - 2 = 8 is all the period allows
        assertThat(history.normalize("ns/min", min, 8, 1, 1, 100).replicas()).isEqualTo(8);

        Behavior disabled = Behavior.of(json("{\"scaleDown\":{\"selectPolicy\":\"Disabled\",\"stabilizationWindowSeconds\":0}}"), 300);
        history.recordInitial("ns/off", 6);
        assertThat(history.normalize("ns/off", disabled, 6, 1, 1, 100).replicas()).isEqualTo(6);
        // the minimum still wins over the limit
        assertThat(history.normalize("ns/max2", max, 10, 1, 9, 100).replicas()).isEqualTo(9);
    }

    @Test
    void scaleUpStabilizationWindowTakesTheLowestRecentRecommendation() {
        Behavior b = Behavior.of(json("{\"scaleUp\":{\"stabilizationWindowSeconds\":60}}"), 300);
        assertThat(b.scaleUp().policies()).isEqualTo(Behavior.DEFAULT_SCALE_UP.policies());
        history.recordInitial("ns/h", 3);
        var n = history.normalize("ns/h", b, 3, 6, 1, 100);
        assertThat(n.replicas()).isEqualTo(3);
        assertThat(n.ableToScale()).isEqualTo(new Condition(Condition.ABLE_TO_SCALE, true, "ScaleUpStabilized",
                "recent recommendations were lower than current one, applying the lowest recent recommendation"));
        clock.advance(Duration.ofSeconds(30));
        assertThat(history.normalize("ns/h", b, 3, 6, 1, 100).replicas()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(31)); // the initial 3 left the window; only 6s remain
        assertThat(history.normalize("ns/h", b, 3, 6, 1, 100).replicas()).isEqualTo(6);
    }

    @Test
    void scaleDownWindowFromBehaviorOrControllerDefault() {
        Behavior b = Behavior.of(json("{\"scaleDown\":{\"policies\":[{\"type\":\"Pods\",\"value\":100,\"periodSeconds\":15}]}}"), 120);
        assertThat(b.scaleDown().stabilizationWindowSeconds()).isEqualTo(120);
        assertThat(b.scaleDown().policies()).isEqualTo(List.of(new Behavior.Policy("Pods", 100, 15)));
        assertThat(Behavior.of(null, 300)).isNull();
        history.recordInitial("ns/h", 8);
        assertThat(history.normalize("ns/h", b, 8, 2, 1, 100).replicas()).isEqualTo(8);
        clock.advance(Duration.ofSeconds(121));
        assertThat(history.normalize("ns/h", b, 8, 2, 1, 100).replicas()).isEqualTo(2);
    }
}
