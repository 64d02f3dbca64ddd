package io.k3j.scheduler.plugins;

import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.place;
import static io.k3j.scheduler.Fixtures.pod;
import static io.k3j.scheduler.Fixtures.snapshot;
import static io.k3j.scheduler.plugins.PluginHarness.filter;
import static io.k3j.scheduler.plugins.PluginHarness.score;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.cache.ClusterSnapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterPodAffinityTest {

    private static final String NO_AFFINITY = "node(s) didn't match pod affinity rules";
    private static final String NO_ANTI = "node(s) didn't match pod anti-affinity rules";
    private static final String EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules";

    private final InterPodAffinity plugin = new InterPodAffinity();

    private static String required(String kind, String topologyKey, String app) {
        return "{'" + kind + "': {'requiredDuringSchedulingIgnoredDuringExecution': [{'topologyKey': '" + topologyKey
                + "', 'labelSelector': {'matchLabels': {'app': '" + app + "'}}}]}}";
    }

    private static ClusterSnapshot zones() {
        return snapshot(node("a").zone("z1"), node("b").zone("z1"), node("c").zone("z2"), node("d"));
    }

    @Test
    void requiredAffinityNeedsAMatchingPodInTheDomain() {
        ClusterSnapshot s = zones();
        place(s, pod("db").label("app", "db"), "a");
        var web = pod("web").label("app", "web").spec("affinity", required("podAffinity", "topology.kubernetes.io/zone", "db"))
                .info();
        assertThat(filter(plugin, web, s)).containsExactly(Map.entry("a", ""), Map.entry("b", ""),
                Map.entry("c", NO_AFFINITY), Map.entry("d", NO_AFFINITY));
    }

    @Test
    void theFirstPodOfASelfAffineGroupMayGoAnywhereWithTheKey() {
        ClusterSnapshot s = zones();
        var first = pod("w1").label("app", "web").spec("affinity", required("podAffinity", "topology.kubernetes.io/zone", "web"))
                .info();
        assertThat(filter(plugin, first, s)).containsExactly(Map.entry("a", ""), Map.entry("b", ""),
                Map.entry("c", ""), Map.entry("d", NO_AFFINITY));
        var notSelf = pod("x").label("app", "other").spec("affinity", required("podAffinity", "topology.kubernetes.io/zone", "web"))
                .info();
        assertThat(filter(plugin, notSelf, s).values()).containsOnly(NO_AFFINITY);
    }

    @Test
    void requiredAntiAffinityKeepsAwayFromMatchingPods() {
        ClusterSnapshot s = zones();
        place(s, pod("w1").label("app", "web"), "a");
        var w2 = pod("w2").label("app", "web").spec("affinity", required("podAntiAffinity", "kubernetes.io/hostname", "web"))
                .info();
        assertThat(filter(plugin, w2, s)).containsExactly(Map.entry("a", NO_ANTI), Map.entry("b", ""),
                Map.entry("c", ""), Map.entry("d", ""));
        var zonal = pod("w3").label("app", "web").spec("affinity", required("podAntiAffinity", "topology.kubernetes.io/zone", "web"))
                .info();
        assertThat(filter(plugin, zonal, s)).containsExactly(Map.entry("a", NO_ANTI), Map.entry("b", NO_ANTI),
                Map.entry("c", ""), Map.entry("d", ""));
    }

    @Test
    void existingPodsAntiAffinityRepelsTheIncomingPod() {
        ClusterSnapshot s = zones();
        place(s, pod("loner").label("app", "loner")
                .spec("affinity", required("podAntiAffinity", "topology.kubernetes.io/zone", "web")), "c");
        // The incoming pod has no affinity of its own; the existing pod's term still keeps it out of zone z2.
        assertThat(filter(plugin, pod("w").label("app", "web").info(), s)).containsExactly(Map.entry("a", ""),
                Map.entry("b", ""), Map.entry("c", EXISTING_ANTI), Map.entry("d", ""));
        assertThat(filter(plugin, pod("x").label("app", "other").info(), s).values()).containsOnly("SKIP");
    }

    @Test
    void termsLookOnlyInTheirNamespaces() {
        ClusterSnapshot s = zones();
        s.upsertNamespace("prod", Map.of("env", "prod"));
        place(s, pod("db").namespace("prod").label("app", "db"), "a");
        var sameNs = pod("web").label("app", "web").spec("affinity", required("podAffinity", "kubernetes.io/hostname", "db")).info();
        assertThat(filter(plugin, sameNs, s).get("a")).isEqualTo(NO_AFFINITY);
        var listed = pod("web2").label("app", "web").spec("affinity", "{'podAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': "
                + "[{'topologyKey': 'kubernetes.io/hostname', 'namespaces': ['prod'], 'labelSelector': {'matchLabels': {'app': 'db'}}}]}}")
                .info();
        assertThat(filter(plugin, listed, s).get("a")).isEmpty();
        var bySelector = pod("web3").label("app", "web").spec("affinity", "{'podAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': "
                + "[{'topologyKey': 'kubernetes.io/hostname', 'namespaceSelector': {'matchLabels': {'env': 'prod'}}, "
                + "'labelSelector': {'matchLabels': {'app': 'db'}}}]}}").info();
        assertThat(filter(plugin, bySelector, s)).containsEntry("a", "").containsEntry("b", NO_AFFINITY);
    }

    @Test
    void preferredAffinityAndAntiAffinityScore() {
        ClusterSnapshot s = zones();
        place(s, pod("cache").label("app", "cache"), "a");
        place(s, pod("batch").label("app", "batch"), "c");
        var p = pod("web").spec("affinity", "{'podAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': "
                + "[{'weight': 50, 'podAffinityTerm': {'topologyKey': 'topology.kubernetes.io/zone', "
                + "'labelSelector': {'matchLabels': {'app': 'cache'}}}}]}, "
                + "'podAntiAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': "
                + "[{'weight': 50, 'podAffinityTerm': {'topologyKey': 'topology.kubernetes.io/zone', "
                + "'labelSelector': {'matchLabels': {'app': 'batch'}}}}]}}").info();
        // raw: z1 +50, z2 -50, d 0 -> min-max normalized
        assertThat(score(plugin, p, s)).containsExactly(Map.entry("a", 100L), Map.entry("b", 100L),
                Map.entry("c", 0L), Map.entry("d", 50L));
    }

    @Test
    void existingPodsRequiredAffinityAttractsAtWeightOne() {
        ClusterSnapshot s = zones();
        place(s, pod("sidecar").label("app", "side")
                .spec("affinity", required("podAffinity", "kubernetes.io/hostname", "main")), "b");
        assertThat(score(plugin, pod("m").label("app", "main").info(), s)).containsExactly(Map.entry("a", 0L),
                Map.entry("b", 100L), Map.entry("c", 0L), Map.entry("d", 0L));
        assertThat(score(plugin, pod("o").label("app", "other").info(), s).get("a")).isNull();
    }
}
