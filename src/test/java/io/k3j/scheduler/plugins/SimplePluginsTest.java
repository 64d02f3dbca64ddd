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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimplePluginsTest {

    @Test
    void nodeUnschedulableLetsTolerantPodsIn() {
        ClusterSnapshot s = snapshot(node("a").unschedulable(), node("b"));
        assertThat(filter(new NodeUnschedulable(), pod("p").info(), s))
                .containsExactly(Map.entry("a", "node(s) were unschedulable"), Map.entry("b", ""));
        var tolerant = pod("q").toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule").info();
        assertThat(filter(new NodeUnschedulable(), tolerant, s)).containsEntry("a", "");
    }

    @Test
    void nodeNameMatchesOnlyTheNamedNode() {
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        assertThat(filter(new NodeName(), pod("p").nodeName("b").info(), s))
                .containsExactly(Map.entry("a", "node(s) didn't match the requested node name"), Map.entry("b", ""));
        assertThat(filter(new NodeName(), pod("p").info(), s).values()).containsOnly("");
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} tolerates {4}={5}:{6} -> {7}")
    @CsvSource(nullValues = "-", value = {
        "k, Equal, v, NoSchedule, k, v, NoSchedule, true",
        "k, Equal, w, NoSchedule, k, v, NoSchedule, false",
        "k, Exists, -, NoSchedule, k, v, NoSchedule, true",
        "k, Exists, -, -, k, v, NoExecute, true",
        "-, Exists, -, -, k, v, NoExecute, true",
        "k, Exists, -, PreferNoSchedule, k, v, NoSchedule, false",
        "j, Exists, -, NoSchedule, k, v, NoSchedule, false",
        "k, '', v, NoSchedule, k, v, NoSchedule, true",
    })
    void tolerationMatching(String key, String op, String value, String effect, String tKey, String tValue,
                            String tEffect, boolean tolerated) {
        ClusterSnapshot s = snapshot(node("a").taint(tKey, tValue, tEffect));
        var p = pod("p").toleration(key, op, value, effect).info();
        assertThat(filter(new TaintToleration(), p, s).get("a").isEmpty()).isEqualTo(tolerated);
    }

    @Test
    void taintReasonNamesTheFirstUntoleratedTaint() {
        ClusterSnapshot s = snapshot(node("a").taint("soft", "x", "PreferNoSchedule").taint("gpu", "true", "NoSchedule"));
        assertThat(filter(new TaintToleration(), pod("p").info(), s))
                .containsEntry("a", "node(s) had untolerated taint {gpu: true}");
    }

    @Test
    void taintScoreCountsUntoleratedPreferNoSchedule() {
        ClusterSnapshot s = snapshot(node("a").taint("x", "1", "PreferNoSchedule").taint("y", "1", "PreferNoSchedule"),
                node("b").taint("x", "1", "PreferNoSchedule"), node("c"));
        assertThat(score(new TaintToleration(), pod("p").info(), s))
                .containsExactly(Map.entry("a", 0L), Map.entry("b", 50L), Map.entry("c", 100L));
        var tolerant = pod("q").toleration("x", "Exists", null, "PreferNoSchedule").info();
        assertThat(score(new TaintToleration(), tolerant, s))
                .containsExactly(Map.entry("a", 0L), Map.entry("b", 100L), Map.entry("c", 100L));
    }

    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "In|['ssd','nvme']|ssd|true",
        "In|['nvme']|ssd|false",
        "NotIn|['hdd']|ssd|true",
        "NotIn|['ssd']|ssd|false",
        "Exists|[]|ssd|true",
        "DoesNotExist|[]|ssd|false",
        "Gt|['5']|10|true",
        "Gt|['10']|10|false",
        "Lt|['11']|10|true",
        "Gt|['x']|10|false",
        "In|[]|ssd|false",
    })
    void nodeAffinityOperators(String op, String values, String nodeValue, boolean fits) {
        ClusterSnapshot s = snapshot(node("a").label("k", nodeValue));
        var p = pod("p").spec("affinity", "{'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': "
                + "{'nodeSelectorTerms': [{'matchExpressions': [{'key': 'k', 'operator': '" + op + "', 'values': "
                + values + "}]}]}}}").info();
        assertThat(filter(new NodeAffinity(), p, s).get("a").isEmpty()).isEqualTo(fits);
    }

    @Test
    void nodeAffinityTermsAreOredAndEmptyTermsMatchNothing() {
        ClusterSnapshot s = snapshot(node("a").label("zone", "z1"), node("b").label("zone", "z2"), node("c"));
        var p = pod("p").spec("affinity", "{'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': "
                + "{'nodeSelectorTerms': [{'matchExpressions': [{'key': 'zone', 'operator': 'In', 'values': ['z1']}]}, "
                + "{'matchExpressions': [{'key': 'zone', 'operator': 'In', 'values': ['z2']}]}, {}]}}}").info();
        String no = "node(s) didn't match Pod's node affinity/selector";
        assertThat(filter(new NodeAffinity(), p, s))
                .containsExactly(Map.entry("a", ""), Map.entry("b", ""), Map.entry("c", no));
    }

    @Test
    void nodeAffinityPreFilterPinsNamesAndDetectsConflicts() {
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        var conflicting = pod("p").spec("affinity", "{'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': "
                + "{'nodeSelectorTerms': [{'matchFields': [{'key': 'metadata.name', 'operator': 'In', 'values': ['a']}, "
                + "{'key': 'metadata.name', 'operator': 'In', 'values': ['b']}]}]}}}").info();
        assertThat(filter(new NodeAffinity(), conflicting, s).get("a")).isEqualTo("PreFilter: pod affinity terms conflict");
        assertThat(filter(new NodeAffinity(), pod("q").info(), s).get("a")).isEqualTo("SKIP");
    }

    @Test
    void preferredNodeAffinityScoresByWeight() {
        ClusterSnapshot s = snapshot(node("a").label("x", "1"), node("b").label("x", "1").label("y", "1"), node("c"));
        var p = pod("p").spec("affinity", "{'nodeAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': ["
                + "{'weight': 20, 'preference': {'matchExpressions': [{'key': 'x', 'operator': 'Exists'}]}}, "
                + "{'weight': 60, 'preference': {'matchExpressions': [{'key': 'y', 'operator': 'Exists'}]}}]}}").info();
        assertThat(score(new NodeAffinity(), p, s))
                .containsExactly(Map.entry("a", 25L), Map.entry("b", 100L), Map.entry("c", 0L));
        assertThat(score(new NodeAffinity(), pod("q").info(), s).get("a")).isNull();
    }

    @Test
    void nodeResourcesFitListsEveryShortfall() {
        ClusterSnapshot s = snapshot(node("a").capacity("pods", "1").capacity("example.com/gpu", "1"));
        place(s, pod("x").cpu("3").request("example.com/gpu", "1"), "a");
        var p = pod("p").cpu("2").memory("9Gi").request("ephemeral-storage", "200Gi").request("example.com/gpu", "1")
                .info();
        assertThat(filter(new NodeResourcesFit(), p, s).get("a")).isEqualTo("Too many pods, Insufficient cpu, "
                + "Insufficient memory, Insufficient ephemeral-storage, Insufficient example.com/gpu");
    }

    @Test
    void nodeResourcesFitFitsExactly() {
        ClusterSnapshot s = snapshot(node("a"));
        place(s, pod("x").cpu("3"), "a");
        assertThat(filter(new NodeResourcesFit(), pod("p").cpu("1").info(), s).get("a")).isEmpty();
        assertThat(filter(new NodeResourcesFit(), pod("p").cpu("1001m").info(), s).get("a")).isEqualTo("Insufficient cpu");
    }

    @Test
    void leastAllocatedScoresFreeShare() {
        // 4 cpu / 8Gi nodes; pod asks 1 cpu, 2Gi. Empty: (3/4*100 + 6/8*100)/2 = 75. With 2 cpu / 4Gi used: 25.
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        place(s, pod("x").cpu("2").memory("4Gi"), "b");
        assertThat(score(new NodeResourcesFit(), pod("p").cpu("1").memory("2Gi").info(), s))
                .containsExactly(Map.entry("a", 75L), Map.entry("b", 25L));
    }

    @Test
    void balancedAllocationPrefersEqualShares() {
        // a: cpu 1/4 = .25, mem 6/8 = .75 -> (1 - .25) * 100 = 75; b: cpu .5, mem .5 -> 100.
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        place(s, pod("x").memory("4Gi"), "a");
        place(s, pod("y").cpu("1").memory("2Gi"), "b");
        assertThat(score(new BalancedAllocation(), pod("p").cpu("1").memory("2Gi").info(), s))
                .containsExactly(Map.entry("a", 75L), Map.entry("b", 100L));
        assertThat(score(new BalancedAllocation(), pod("q").info(), s).get("a")).isNull(); // best effort: skipped
    }

    @Test
    void nodePortsFilter() {
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        place(s, pod("x").hostPort(80), "a");
        assertThat(filter(new NodePorts(), pod("p").hostPort(80).info(), s)).containsExactly(
                Map.entry("a", "node(s) didn't have free ports for the requested pod ports"), Map.entry("b", ""));
        assertThat(filter(new NodePorts(), pod("q").info(), s).get("a")).isEqualTo("SKIP");
    }

    @Test
    void imageLocalityScalesBySizeAndSpread() {
        long mb = 1024L * 1024;
        ClusterSnapshot s = snapshot(node("a").image("registry.k3j.io/big:1", 500 * mb),
                node("b").image("registry.k3j.io/big:1", 500 * mb), node("c"), node("d"));
        // spread 2/4: 250 MiB -> 100 * (250-23)/(1000-23) = 23
        assertThat(score(new ImageLocality(), pod("p").image("registry.k3j.io/big:1").info(), s))
                .containsExactly(Map.entry("a", 23L), Map.entry("b", 23L), Map.entry("c", 0L), Map.entry("d", 0L));
    }

    @Test
    void volumeBindingIsAPassThroughStubUntilABinderIsPluggedIn() {
        ClusterSnapshot s = snapshot(node("a"));
        var withClaim = pod("p").spec("volumes", "[{'name': 'd', 'persistentVolumeClaim': {'claimName': 'data'}}]").info();
        assertThat(filter(new VolumeBinding(), withClaim, s).get("a")).isEmpty();
        var missing = new VolumeBinding(new VolumeBinding.Binder() {
            @Override
            public io.k3j.scheduler.framework.Status preFilter(io.k3j.scheduler.framework.CycleState state,
                                                               io.k3j.scheduler.cache.PodInfo pod) {
                return io.k3j.scheduler.framework.Status.unresolvable(
                        "persistentvolumeclaim \"" + pod.claimNames().get(0) + "\" not found");
            }

            @Override
            public io.k3j.scheduler.framework.Status filter(io.k3j.scheduler.framework.CycleState state,
                                                            io.k3j.scheduler.cache.PodInfo pod,
                                                            io.k3j.scheduler.cache.NodeInfo node) {
                return io.k3j.scheduler.framework.Status.SUCCESS;
            }
        });
        assertThat(filter(missing, withClaim, s).get("a")).isEqualTo("PreFilter: persistentvolumeclaim \"data\" not found");
        assertThat(filter(missing, pod("q").info(), s).get("a")).isEqualTo("SKIP");
    }
}
