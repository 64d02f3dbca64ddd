package io.k3j.scheduler.plugins;

import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.place;
import static io.k3j.scheduler.Fixtures.pod;
import static io.k3j.scheduler.Fixtures.snapshot;
import static io.k3j.scheduler.plugins.PluginHarness.filter;
import static io.k3j.scheduler.plugins.PluginHarness.score;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.Fixtures;
import io.k3j.scheduler.cache.ClusterSnapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTopologySpreadTest {

    private static final String SKEW = "node(s) didn't match pod topology spread constraints";
    private static final String MISSING = SKEW + " (missing required label)";
    private static final String ZONE = "topology.kubernetes.io/zone";

    private final PodTopologySpread plugin = new PodTopologySpread();

    private static Fixtures.PodBuilder spread(String name, String key, int maxSkew, String when, String extra) {
        return pod(name).label("app", "web").spec("topologySpreadConstraints", "[{'maxSkew': " + maxSkew
                + ", 'topologyKey': '" + key + "', 'whenUnsatisfiable': '" + when + "', "
                + "'labelSelector': {'matchLabels': {'app': 'web'}}" + extra + "}]");
    }

    private static ClusterSnapshot fourNodesTwoZones() {
        return snapshot(node("a").zone("z1"), node("b").zone("z1"), node("x").zone("z2"), node("y").zone("z2"));
    }

    @Test
    void maxSkewAcrossZones() {
        ClusterSnapshot s = fourNodesTwoZones();
        place(s, pod("w1").label("app", "web"), "a");
        place(s, pod("w2").label("app", "web"), "b");
        place(s, pod("w3").label("app", "web"), "x");
        place(s, pod("other").label("app", "db"), "y");
        // z1 has 2, z2 has 1: adding to z1 makes 3-1=2 > 1.
        assertThat(filter(plugin, spread("p", ZONE, 1, "DoNotSchedule", "").info(), s)).containsExactly(
                Map.entry("a", SKEW), Map.entry("b", SKEW), Map.entry("x", ""), Map.entry("y", ""));
        assertThat(filter(plugin, spread("q", ZONE, 2, "DoNotSchedule", "").info(), s).values()).containsOnly("");
    }

    @Test
    void nodesWithoutTheKeyAreRejectedAndDoNotCount() {
        ClusterSnapshot s = snapshot(node("a").zone("z1"), node("b").zone("z2"), node("bare"));
        place(s, pod("w1").label("app", "web"), "a");
        place(s, pod("w2").label("app", "web"), "bare");
        assertThat(filter(plugin, spread("p", ZONE, 1, "DoNotSchedule", "").info(), s)).containsExactly(
                Map.entry("a", SKEW), Map.entry("b", ""), Map.entry("bare", MISSING));
    }

    @Test
    void minDomainsHoldsTheMinimumAtZeroUntilEnoughDomainsExist() {
        ClusterSnapshot s = snapshot(node("a"), node("b"), node("c"));
        place(s, pod("w1").label("app", "web"), "a");
        place(s, pod("w2").label("app", "web"), "b");
        place(s, pod("w3").label("app", "web"), "c");
        // Every node has one: without minDomains the skew of any node is 1.
        assertThat(filter(plugin, spread("p", "kubernetes.io/hostname", 1, "DoNotSchedule", "").info(), s).values())
                .containsOnly("");
        // With minDomains 4 and 3 domains the minimum counts as 0: 1+1-0 = 2 > 1 everywhere.
        assertThat(filter(plugin, spread("q", "kubernetes.io/hostname", 1, "DoNotSchedule", ", 'minDomains': 4").info(), s)
                .values()).containsOnly(SKEW);
    }

    @Test
    void nodeAffinityPolicyHonorLeavesExcludedNodesOutOfTheDomains() {
        ClusterSnapshot s = snapshot(node("a").zone("z1").label("pool", "web"), node("b").zone("z2").label("pool", "web"),
                node("c").zone("z3"));
        place(s, pod("w1").label("app", "web"), "a");
        // z3 (no pool label) would hold the minimum at 0 and block z1/z2 if it counted.
        var honor = spread("p", ZONE, 1, "DoNotSchedule", "").nodeSelector("pool", "web").info();
        assertThat(filter(plugin, honor, s)).containsEntry("a", SKEW).containsEntry("b", "");
        var ignore = spread("q", ZONE, 1, "DoNotSchedule", ", 'nodeAffinityPolicy': 'Ignore'")
                .nodeSelector("pool", "web").info();
        assertThat(filter(plugin, ignore, s)).containsEntry("a", SKEW).containsEntry("b", "").containsEntry("c", "");
    }

    @Test
    void nodeTaintsPolicyHonorSkipsUntoleratedNodes() {
        ClusterSnapshot s = snapshot(node("a").zone("z1"), node("b").zone("z2"),
                node("t").zone("z3").taint("dedicated", "x", "NoSchedule"));
        place(s, pod("w1").label("app", "web"), "a");
        place(s, pod("w2").label("app", "web"), "b");
        assertThat(filter(plugin, spread("p", ZONE, 1, "DoNotSchedule", "").info(), s))
                .containsEntry("a", SKEW).containsEntry("b", SKEW);
        assertThat(filter(plugin, spread("q", ZONE, 1, "DoNotSchedule", ", 'nodeTaintsPolicy': 'Honor'").info(), s))
                .containsEntry("a", "").containsEntry("b", "");
    }

    @Test
    void terminatingAndOtherNamespacePodsDoNotCount() {
        ClusterSnapshot s = snapshot(node("a").zone("z1"), node("b").zone("z2"));
        place(s, pod("w1").label("app", "web").deleting(), "a");
        place(s, pod("w2").label("app", "web").namespace("other"), "a");
        assertThat(filter(plugin, spread("p", ZONE, 0 + 1, "DoNotSchedule", "").info(), s).values()).containsOnly("");
    }

    @Test
    void scheduleAnywayScoresEmptierDomainsHigher() {
        ClusterSnapshot s = fourNodesTwoZones();
        place(s, pod("w1").label("app", "web"), "a");
        place(s, pod("w2").label("app", "web"), "b");
        place(s, pod("w3").label("app", "web"), "x");
        Map<String, Long> scores = score(plugin, spread("p", ZONE, 1, "ScheduleAnyway", "").info(), s);
        // raw: z1 = 2*ln(4) = 2.77 -> 3, z2 = ln(4) = 1.39 -> 1; normalized 100*(3+1-s)/3
        assertThat(scores).containsExactly(Map.entry("a", 33L), Map.entry("b", 33L), Map.entry("x", 100L),
                Map.entry("y", 100L));
        assertThat(filter(plugin, spread("q", ZONE, 1, "ScheduleAnyway", "").info(), s).values()).containsOnly("SKIP");
    }

    @Test
    void scheduleAnywayOnHostnameCountsPerNode() {
        ClusterSnapshot s = snapshot(node("a"), node("b"), node("c"));
        place(s, pod("w1").label("app", "web"), "a");
        place(s, pod("w2").label("app", "web"), "a");
        place(s, pod("w3").label("app", "web"), "b");
        // weight ln(3+2)=1.61: a 3.2 -> 3, b 1.6 -> 2, c 0; maxSkew 1 adds 0. normalized 100*(3+0-s)/3
        assertThat(score(plugin, spread("p", "kubernetes.io/hostname", 1, "ScheduleAnyway", "").info(), s))
                .containsExactly(Map.entry("a", 0L), Map.entry("b", 33L), Map.entry("c", 100L));
    }
}
