package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure decision logic of the ReplicaSet and Deployment controllers. */
class RolloutLogicTest {

    static ObjectNode json(String s) {
        return (ObjectNode) Cluster.parse(s);
    }

    static ObjectNode deployment(int replicas, String surge, String unavailable) {
        return json("""
                {"metadata":{"name":"d","generation":1},"spec":{"replicas":%d,"strategy":{"type":"RollingUpdate",
                 "rollingUpdate":{"maxSurge":%s,"maxUnavailable":%s}}}}""".formatted(replicas, surge, unavailable));
    }

    static ObjectNode rs(String name, int replicas, int available, String created) {
        return json("""
                {"metadata":{"name":"%s","uid":"%s","creationTimestamp":"%s"},"spec":{"replicas":%d},
                 "status":{"replicas":%d,"availableReplicas":%d,"readyReplicas":%d}}""".formatted(name, name, created,
                replicas, replicas, available, available));
    }

    @Test
    void intOrPercentRoundsSurgeUpAndUnavailableDown() {
        assertThat(IntOrPercent.scaled(Cluster.parse("\"25%\""), 10, true, 0)).isEqualTo(3);
        assertThat(IntOrPercent.scaled(Cluster.parse("\"25%\""), 10, false, 0)).isEqualTo(2);
        assertThat(IntOrPercent.scaled(Cluster.parse("2"), 10, false, 0)).isEqualTo(2);
        assertThat(IntOrPercent.scaled(null, 10, false, 7)).isEqualTo(7);
    }

    @Test
    void fencepostsNeverLeaveBothBudgetsAtZero() {
        assertThat(DeploymentMath.fenceposts(deployment(3, "\"25%\"", "\"25%\""))).containsExactly(1, 0);
        assertThat(DeploymentMath.fenceposts(deployment(10, "0", "0"))).containsExactly(0, 1);
        assertThat(DeploymentMath.maxUnavailable(deployment(2, "0", "5"))).isEqualTo(2);
        ObjectNode recreate = json("{\"spec\":{\"replicas\":3,\"strategy\":{\"type\":\"Recreate\"}}}");
        assertThat(DeploymentMath.maxSurge(recreate)).isZero();
        assertThat(DeploymentMath.maxUnavailable(recreate)).isZero();
    }

    @Test
    void newReplicaSetGrowsOnlyWithinTheSurge() {
        ObjectNode d = deployment(10, "\"30%\"", "0"); // surge 3
        ObjectNode old = rs("old", 10, 10, "2024-01-01T00:00:00Z");
        ObjectNode fresh = rs("new", 0, 0, "2024-01-02T00:00:00Z");
        assertThat(DeploymentMath.newRSNewReplicas(d, List.of(old, fresh), fresh)).isEqualTo(3);
        ObjectNode grown = rs("new", 3, 0, "2024-01-02T00:00:00Z");
        assertThat(DeploymentMath.newRSNewReplicas(d, List.of(old, grown), grown)).isEqualTo(3);
        ObjectNode recreate = json("{\"spec\":{\"replicas\":4,\"strategy\":{\"type\":\"Recreate\"}}}");
        assertThat(DeploymentMath.newRSNewReplicas(recreate, List.of(fresh), fresh)).isEqualTo(4);
    }

    @Test
    void proportionalScalingSharesByTheMaxReplicasAnnotation() {
        ObjectNode d = deployment(20, "0", "1"); // scaled 10 -> 20
        ObjectNode a = rs("a", 6, 6, "2024-01-01T00:00:00Z");
        ObjectNode b = rs("b", 4, 4, "2024-01-02T00:00:00Z");
        DeploymentMath.setReplicasAnnotations(a, 10, 10);
        DeploymentMath.setReplicasAnnotations(b, 10, 10);
        assertThat(DeploymentMath.proportion(a, d, 10, 0)).isEqualTo(6);
        assertThat(DeploymentMath.proportion(b, d, 10, 6)).isEqualTo(4);
        // Never more than what is left to add.
        assertThat(DeploymentMath.proportion(b, d, 10, 8)).isEqualTo(2);
    }

    @Test
    void saturationNeedsTheDesiredAnnotationAndFullAvailability() {
        ObjectNode d = deployment(3, "1", "0");
        ObjectNode r = rs("r", 3, 3, "2024-01-01T00:00:00Z");
        assertThat(DeploymentMath.saturated(d, r)).isFalse();
        DeploymentMath.setReplicasAnnotations(r, 3, 4);
        assertThat(DeploymentMath.saturated(d, r)).isTrue();
    }

    @Test
    void templateHashIsStableIgnoresEmptiesAndUsesTheSafeAlphabet() {
        JsonNode t1 = Cluster.parse("{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}");
        JsonNode t2 = Cluster.parse("{\"spec\":{\"containers\":[{\"image\":\"x\",\"name\":\"c\",\"env\":[]}]},\"metadata\":{\"labels\":{\"a\":\"b\"},\"annotations\":{}}}");
        JsonNode t3 = Cluster.parse("{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"y\"}]}}");
        assertThat(TemplateHash.of(t1, null)).isEqualTo(TemplateHash.of(t2, null)).matches("[bcdfghjklmnpqrstvwxz2456789]+");
        assertThat(TemplateHash.of(t1, null)).isNotEqualTo(TemplateHash.of(t3, null));
        assertThat(TemplateHash.of(t1, 1)).isNotEqualTo(TemplateHash.of(t1, null));
        // upstream's SafeEncodeString maps each decimal digit through the alphabet by code point.
        assertThat(TemplateHash.safeEncode("0123456789")).isEqualTo("456789bcdf");
    }

    @Test
    void equalIgnoringTheHashLabel() {
        JsonNode a = Cluster.parse("{\"metadata\":{\"labels\":{\"app\":\"x\",\"pod-template-hash\":\"abc\"}},\"spec\":{\"containers\":[]}}");
        JsonNode b = Cluster.parse("{\"metadata\":{\"labels\":{\"app\":\"x\"}}}");
        assertThat(DeploymentSync.equalIgnoreHash(a, b)).isTrue();
    }

    @Test
    void progressingTimesOutOnlyAfterTheDeadline() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        ObjectNode d = json("{\"metadata\":{\"name\":\"d\",\"generation\":1},\"spec\":{\"replicas\":1,\"progressDeadlineSeconds\":10}}");
        ObjectNode s = d.putObject("status");
        DeploymentStatus.set(s, DeploymentStatus.condition("Progressing", "True", "ReplicaSetUpdated", "x", t0));
        assertThat(DeploymentStatus.timedOut(d, s, t0.plusSeconds(5))).isFalse();
        assertThat(DeploymentStatus.timedOut(d, s, t0.plusSeconds(11))).isTrue();
        assertThat(DeploymentStatus.requeueAfter(d, json("{}"), t0.plusSeconds(5))).isEqualTo(6000);
    }

    @Test
    void setConditionKeepsTransitionTimeWhileTheStatusHolds() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        ObjectNode s = json("{}");
        DeploymentStatus.set(s, DeploymentStatus.condition("Available", "True", "A", "m", t0));
        DeploymentStatus.set(s, DeploymentStatus.condition("Available", "True", "B", "m", t0.plusSeconds(60)));
        JsonNode c = DeploymentStatus.get(s, "Available");
        assertThat(c.path("reason").asText()).isEqualTo("B");
        assertThat(c.path("lastTransitionTime").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(c.path("lastUpdateTime").asText()).isEqualTo("2024-01-01T00:01:00Z");
        assertThat(s.path("conditions")).hasSize(1);
    }

    static ObjectNode pod(String name, String node, String phase, boolean ready, String readySince, String created) {
        return json("""
                {"metadata":{"name":"%s","uid":"%s","creationTimestamp":"%s"},"spec":{"nodeName":"%s"},
                 "status":{"phase":"%s","conditions":[{"type":"Ready","status":"%s","lastTransitionTime":"%s"}]}}"""
                .formatted(name, name, created, node, phase, ready ? "True" : "False", readySince));
    }

    @Test
    void deletionRankingFollowsUpstream() {
        Instant now = Instant.parse("2024-01-01T12:00:00Z");
        ObjectNode unassigned = pod("unassigned", "", "Pending", false, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        ObjectNode pending = pod("pending", "n1", "Pending", false, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        ObjectNode notReady = pod("notready", "n1", "Running", false, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        ObjectNode readyYoung = pod("young", "n1", "Running", true, "2024-01-01T11:59:00Z", "2024-01-01T00:00:00Z");
        ObjectNode readyOld = pod("old", "n1", "Running", true, "2024-01-01T01:00:00Z", "2024-01-01T00:00:00Z");
        List<ObjectNode> pods = new ArrayList<>(List.of(readyOld, readyYoung, notReady, pending, unassigned));
        pods.sort(new PodRanking(new IdentityHashMap<>(), now));
        assertThat(pods).extracting(Meta::name).containsExactly("unassigned", "pending", "notready", "young", "old");

        // A higher deletion cost protects a pod; doubled-up pods go first among equals.
        ObjectNode cheap = pod("cheap", "n1", "Running", true, "2024-01-01T01:00:00Z", "2024-01-01T00:00:00Z");
        ObjectNode dear = pod("dear", "n2", "Running", true, "2024-01-01T01:00:00Z", "2024-01-01T00:00:00Z");
        ((ObjectNode) dear.get("metadata")).putObject("annotations").put(PodRanking.DELETION_COST, "100");
        assertThat(PodRanking.toDelete(List.of(dear, cheap), List.of(dear, cheap), 1, now)).extracting(Meta::name).containsExactly("cheap");
        ObjectNode alone = pod("alone", "n3", "Running", true, "2024-01-01T01:00:00Z", "2024-01-01T00:00:00Z");
        ObjectNode crowded = pod("crowded", "n4", "Running", true, "2024-01-01T01:00:00Z", "2024-01-01T00:00:00Z");
        ObjectNode sibling = pod("sibling", "n4", "Running", true, "2024-01-01T01:00:00Z", "2024-01-01T00:00:00Z");
        assertThat(PodRanking.toDelete(List.of(alone, crowded), List.of(alone, crowded, sibling), 1, now))
                .extracting(Meta::name).containsExactly("crowded");
    }

    @Test
    void replicaStatusCountsAndReportsFailures() {
        Instant now = Instant.parse("2024-01-01T12:00:00Z");
        ObjectNode set = json("""
                {"metadata":{"generation":4},"spec":{"minReadySeconds":60,"template":{"metadata":{"labels":{"a":"1","b":"2"}}}}}""");
        ObjectNode p1 = pod("p1", "n", "Running", true, "2024-01-01T11:00:00Z", "2024-01-01T00:00:00Z");
        ((ObjectNode) p1.get("metadata")).putObject("labels").put("a", "1").put("b", "2");
        ObjectNode p2 = pod("p2", "n", "Running", true, "2024-01-01T11:59:30Z", "2024-01-01T00:00:00Z");
        ((ObjectNode) p2.get("metadata")).putObject("labels").put("a", "1");
        ObjectNode s = ReplicaStatus.calculate(set, List.of(p1, p2), new RuntimeException("quota"), true, now);
        assertThat(s.path("replicas").asInt()).isEqualTo(2);
        assertThat(s.path("fullyLabeledReplicas").asInt()).isEqualTo(1);
        assertThat(s.path("readyReplicas").asInt()).isEqualTo(2);
        assertThat(s.path("availableReplicas").asInt()).isEqualTo(1);
        assertThat(s.path("observedGeneration").asLong()).isEqualTo(4);
        assertThat(s.path("conditions").get(0).path("reason").asText()).isEqualTo("FailedCreate");
        set.set("status", s);
        assertThat(ReplicaStatus.calculate(set, List.of(p1, p2), null, true, now).has("conditions")).isFalse();
    }

    @Test
    void expectationsHoldUntilObservedOrExpired() {
        long[] clock = {0};
        Expectations e = new Expectations(() -> clock[0]);
        assertThat(e.satisfied("k")).isTrue();
        e.expectCreations("k", 2);
        e.creationObserved("k");
        assertThat(e.satisfied("k")).isFalse();
        e.creationObserved("k");
        assertThat(e.satisfied("k")).isTrue();
        e.expectDeletions("k", java.util.Set.of("ns/a"));
        e.deletionObserved("k", "ns/other");
        assertThat(e.satisfied("k")).isFalse();
        clock[0] = Expectations.TTL_MS + 1;
        assertThat(e.satisfied("k")).isTrue();
    }
}
