package io.k3j.controller.disruption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The disruption controller's figures for minAvailable / maxUnavailable budgets, in numbers and percentages. */
class BudgetMathTest {

    static final ObjectMapper M = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    static ObjectNode pod(String name, boolean ready) {
        ObjectNode pod = M.createObjectNode();
        pod.putObject("metadata").put("name", name);
        pod.putObject("status").put("phase", "Running").putArray("conditions").addObject()
                .put("type", "Ready").put("status", ready ? "True" : "False");
        return pod;
    }

    static ObjectNode pdb(String field, Object value) {
        ObjectNode pdb = M.createObjectNode();
        pdb.putObject("metadata").put("name", "b").put("generation", 3);
        ObjectNode spec = pdb.putObject("spec");
        if (value instanceof Integer i) {
            spec.put(field, i);
        } else {
            spec.put(field, (String) value);
        }
        return pdb;
    }

    static List<ObjectNode> pods(int ready, int unready) {
        List<ObjectNode> out = new java.util.ArrayList<>();
        for (int i = 0; i < ready; i++) {
            out.add(pod("r" + i, true));
        }
        for (int i = 0; i < unready; i++) {
            out.add(pod("u" + i, false));
        }
        return out;
    }

    @Test
    void minAvailableAsNumberCountsThePodsFound() {
        BudgetMath.Budget b = BudgetMath.compute(pdb("minAvailable", 2), pods(3, 1), 99, NOW);
        assertThat(b.expectedPods()).isEqualTo(4);
        assertThat(b.desiredHealthy()).isEqualTo(2);
        assertThat(b.currentHealthy()).isEqualTo(3);
        assertThat(b.disruptionsAllowed()).isEqualTo(1);
        assertThat(BudgetMath.needsScale(pdb("minAvailable", 2))).isFalse();
    }

    @Test
    void minAvailablePercentRoundsUpAgainstTheScale() {
        ObjectNode pdb = pdb("minAvailable", "50%");
        assertThat(BudgetMath.needsScale(pdb)).isTrue();
        BudgetMath.Budget b = BudgetMath.compute(pdb, pods(5, 0), 5, NOW);
        assertThat(b.expectedPods()).isEqualTo(5);
        assertThat(b.desiredHealthy()).isEqualTo(3);
        assertThat(b.disruptionsAllowed()).isEqualTo(2);
    }

    @Test
    void maxUnavailableSubtractsFromTheScale() {
        BudgetMath.Budget one = BudgetMath.compute(pdb("maxUnavailable", 1), pods(3, 0), 3, NOW);
        assertThat(one.desiredHealthy()).isEqualTo(2);
        assertThat(one.disruptionsAllowed()).isEqualTo(1);
        // 30% of 3 rounds up to 1 unavailable: 2 must stay healthy; with one unready, none may go.
        BudgetMath.Budget pct = BudgetMath.compute(pdb("maxUnavailable", "30%"), pods(2, 1), 3, NOW);
        assertThat(pct.desiredHealthy()).isEqualTo(2);
        assertThat(pct.currentHealthy()).isEqualTo(2);
        assertThat(pct.disruptionsAllowed()).isZero();
        // More unavailable allowed than expected: desired never goes below zero.
        assertThat(BudgetMath.compute(pdb("maxUnavailable", 5), pods(2, 0), 2, NOW).desiredHealthy()).isZero();
    }

    @Test
    void nothingExpectedAllowsNoDisruption() {
        BudgetMath.Budget b = BudgetMath.compute(pdb("maxUnavailable", 1), List.of(), 0, NOW);
        assertThat(b.expectedPods()).isZero();
        assertThat(b.disruptionsAllowed()).isZero();
    }

    @Test
    void recentlyDisruptedPodsAreNotHealthyAndOldEntriesArePruned() {
        ObjectNode pdb = pdb("minAvailable", 1);
        ObjectNode disrupted = pdb.putObject("status").putObject("disruptedPods");
        disrupted.put("r0", NOW.minusSeconds(30).toString());   // recent: counts as gone
        disrupted.put("r1", NOW.minusSeconds(121).toString());  // older than 2 minutes: dropped
        disrupted.put("gone", NOW.minusSeconds(10).toString()); // no such pod any more: dropped
        BudgetMath.Budget b = BudgetMath.compute(pdb, pods(3, 0), 0, NOW);
        assertThat(b.currentHealthy()).isEqualTo(2);
        assertThat(b.disruptionsAllowed()).isEqualTo(1);
        assertThat(b.disruptedPods().size()).isEqualTo(1);
        assertThat(b.disruptedPods().has("r0")).isTrue();
        assertThat(b.recheckAt()).isEqualTo(NOW.minusSeconds(30).plus(BudgetMath.DELETION_TIMEOUT));
    }

    @Test
    void podsBeingDeletedAreNotHealthy() {
        List<ObjectNode> pods = pods(2, 0);
        ((ObjectNode) pods.get(0).get("metadata")).put("deletionTimestamp", NOW.toString());
        assertThat(BudgetMath.compute(pdb("minAvailable", 1), pods, 0, NOW).currentHealthy()).isEqualTo(1);
    }

    @Test
    void statusCarriesFiguresGenerationAndCondition() {
        ObjectNode pdb = pdb("minAvailable", 2);
        ObjectNode status = BudgetMath.status(pdb, BudgetMath.compute(pdb, pods(3, 0), 0, NOW), NOW);
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(3);
        assertThat(status.path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(status.path("expectedPods").asInt()).isEqualTo(3);
        assertThat(status.has("disruptedPods")).isFalse();
        ObjectNode c = (ObjectNode) status.path("conditions").get(0);
        assertThat(c.path("type").asText()).isEqualTo("DisruptionAllowed");
        assertThat(c.path("status").asText()).isEqualTo("True");
        assertThat(c.path("reason").asText()).isEqualTo("SufficientPods");
        assertThat(c.path("lastTransitionTime").asText()).isEqualTo("2026-01-01T12:00:00Z");

        pdb.set("status", status);
        ObjectNode blocked = BudgetMath.status(pdb, BudgetMath.compute(pdb, pods(2, 1), 0, NOW.plusSeconds(5)), NOW.plusSeconds(5));
        ObjectNode c2 = (ObjectNode) blocked.path("conditions").get(0);
        assertThat(blocked.path("conditions").size()).isEqualTo(1);
        assertThat(c2.path("status").asText()).isEqualTo("False");
        assertThat(c2.path("reason").asText()).isEqualTo("InsufficientPods");
        assertThat(c2.path("lastTransitionTime").asText()).isEqualTo("2026-01-01T12:00:05Z");
        // The same figures again give an equal status, so the controller writes nothing.
        pdb.set("status", blocked);
        assertThat(BudgetMath.status(pdb, BudgetMath.compute(pdb, pods(2, 1), 0, NOW.plusSeconds(9)), NOW.plusSeconds(9)))
                .isEqualTo(blocked);
    }

    @Test
    void failSafeAllowsNothing() {
        ObjectNode pdb = pdb("maxUnavailable", 1);
        pdb.putObject("status").put("disruptionsAllowed", 2);
        ObjectNode status = BudgetMath.failSafe(pdb, "found no controller ref for pod \"x\"", NOW);
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(status.path("conditions").get(0).path("reason").asText()).isEqualTo("SyncFailed");
    }
}
