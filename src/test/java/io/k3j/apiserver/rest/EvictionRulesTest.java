package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which pods an eviction may take regardless of the budget, and how an eviction is charged to one. */
class EvictionRulesTest {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    static ObjectNode pod(String phase, boolean ready) {
        ObjectNode pod = Json.MAPPER.createObjectNode();
        pod.putObject("metadata").put("name", "p");
        pod.putObject("status").put("phase", phase).putArray("conditions").addObject()
                .put("type", "Ready").put("status", ready ? "True" : "False");
        return pod;
    }

    static ObjectNode pdb(int allowed, int desired, int healthy) {
        ObjectNode pdb = Json.MAPPER.createObjectNode();
        pdb.putObject("metadata").put("name", "web").put("generation", 1);
        pdb.putObject("status").put("observedGeneration", 1).put("disruptionsAllowed", allowed)
                .put("desiredHealthy", desired).put("currentHealthy", healthy);
        return pdb;
    }

    @Test
    void terminalPendingAndDeletingPodsIgnoreTheBudget() {
        assertThat(EvictionRules.canIgnoreBudget(pod("Succeeded", false))).isTrue();
        assertThat(EvictionRules.canIgnoreBudget(pod("Failed", false))).isTrue();
        assertThat(EvictionRules.canIgnoreBudget(pod("Pending", false))).isTrue();
        assertThat(EvictionRules.canIgnoreBudget(pod("Running", true))).isFalse();
        ObjectNode deleting = pod("Running", true);
        ((ObjectNode) deleting.get("metadata")).put("deletionTimestamp", NOW.toString());
        assertThat(EvictionRules.canIgnoreBudget(deleting)).isTrue();
    }

    @Test
    void unreadyPodsGoFreelyOnlyWhileTheBudgetIsMetOrUnderAlwaysAllow() {
        assertThat(EvictionRules.unhealthyMayGo(pod("Running", false), pdb(0, 2, 2))).isTrue();
        assertThat(EvictionRules.unhealthyMayGo(pod("Running", false), pdb(0, 2, 1))).isFalse();
        assertThat(EvictionRules.unhealthyMayGo(pod("Running", true), pdb(1, 2, 3))).isFalse();
        ObjectNode always = pdb(0, 2, 1);
        always.putObject("spec").put("unhealthyPodEvictionPolicy", "AlwaysAllow");
        assertThat(EvictionRules.unhealthyMayGo(pod("Running", false), always)).isTrue();
    }

    @Test
    void chargingDecrementsAndRecordsThePod() {
        ObjectNode pdb = pdb(1, 2, 3);
        EvictionRules.charge(pdb, "web-1", NOW, false);
        assertThat(pdb.path("status").path("disruptionsAllowed").asInt()).isZero();
        assertThat(pdb.path("status").path("disruptedPods").path("web-1").asText()).isEqualTo("2026-01-01T12:00:00Z");
        assertThat(pdb.path("status").path("conditions").get(0).path("reason").asText()).isEqualTo("InsufficientPods");
    }

    @Test
    void anExhaustedBudgetAnswers429WithADisruptionBudgetCause() {
        assertThatThrownBy(() -> EvictionRules.charge(pdb(0, 2, 2), "web-1", NOW, false))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(429);
                    assertThat(e.getMessage()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
                    var cause = e.toStatus().getJsonObject("details").getJsonArray("causes").getJsonObject(0);
                    assertThat(cause.getString("reason")).isEqualTo("DisruptionBudget");
                    assertThat(cause.getString("message")).isEqualTo("The disruption budget web needs 2 healthy pods and has 2 currently");
                });
    }

    @Test
    void aBudgetNotYetObservedAnswers429() {
        ObjectNode pdb = pdb(3, 0, 3);
        ((ObjectNode) pdb.get("metadata")).put("generation", 2);
        assertThatThrownBy(() -> EvictionRules.charge(pdb, "web-1", NOW, false))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(429));
        assertThatThrownBy(() -> EvictionRules.charge(pdb(-1, 0, 0), "web-1", NOW, false))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(403));
    }
}
