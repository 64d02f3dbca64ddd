package io.k3j.scheduler;

import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.place;
import static io.k3j.scheduler.Fixtures.pod;
import static io.k3j.scheduler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.plugins.DefaultPlugins;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final Scheduler scheduler = new Scheduler(DefaultPlugins.profile(), new SplittableRandom(42));

    private ScheduleResult.Unschedulable unschedulable(PodInfo pod, ClusterSnapshot s) {
        ScheduleResult r = scheduler.schedule(pod, s);
        assertThat(r).isInstanceOf(ScheduleResult.Unschedulable.class);
        return (ScheduleResult.Unschedulable) r;
    }

    private String scheduledNode(PodInfo pod, ClusterSnapshot s) {
        ScheduleResult r = scheduler.schedule(pod, s);
        assertThat(r).as(r.toString()).isInstanceOf(ScheduleResult.Scheduled.class);
        return ((ScheduleResult.Scheduled) r).node();
    }

    @Test
    void upstreamSummaryForResourcesAndTaints() {
        ClusterSnapshot s = snapshot(
                node("worker"),
                node("cp-1").taint("node-role.kubernetes.io/control-plane", null, "NoSchedule"),
                node("cp-2").taint("node-role.kubernetes.io/control-plane", null, "NoSchedule"));
        place(s, pod("busy").cpu("3"), "worker");

        ScheduleResult.Unschedulable r = unschedulable(pod("big").cpu("2").info(), s);

        assertThat(r.message()).isEqualTo("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint "
                + "{node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: "
                + "1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.");
        assertThat(r.rejectors()).containsExactlyInAnyOrder("NodeResourcesFit", "TaintToleration");
        assertThat(r.nomination().node()).isNull();
    }

    @Test
    void reasonsSortAsStringsSoTenPrecedesTwo() {
        ClusterSnapshot s = new ClusterSnapshot();
        for (int i = 0; i < 12; i++) {
            var n = node(String.format("n%02d", i));
            if (i < 10) {
                n.unschedulable();
            } else {
                n.taint("dedicated", "gpu", "NoExecute");
            }
            s.upsertNode(n.json());
        }
        assertThat(unschedulable(pod("p").info(), s).message()).isEqualTo("0/12 nodes are available: "
                + "10 node(s) were unschedulable, 2 node(s) had untolerated taint {dedicated: gpu}. "
                + "preemption: 0/12 nodes are available: 12 Preemption is not helpful for scheduling.");
    }

    @Test
    void everyShortfallOfANodeCounts() {
        ClusterSnapshot s = snapshot(node("a").capacity("example.com/gpu", "1"), node("b"));
        PodInfo p = pod("p").cpu("8").memory("1Gi").request("example.com/gpu", "2").info();
        assertThat(unschedulable(p, s).message()).startsWith("0/2 nodes are available: 2 Insufficient cpu, "
                + "2 Insufficient example.com/gpu.");
    }

    @Test
    void warmUpRunsOneCycleWithoutAnyState() {
        Scheduler.warmUp(); // must not throw: the verticle calls it at start
    }

    @Test
    void noNodes() {
        assertThat(unschedulable(pod("p").info(), new ClusterSnapshot()).message())
                .isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void otherSchedulersPodsAreLeftAlone() {
        ClusterSnapshot s = snapshot(node("a"));
        assertThat(scheduler.schedule(pod("p").schedulerName("my-scheduler").info(), s))
                .isInstanceOf(ScheduleResult.NotOurs.class);
    }

    @Test
    void leastAllocatedSpreadsPodsEvenly() {
        ClusterSnapshot s = snapshot(node("a"), node("b"), node("c"));
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            PodInfo p = pod("p" + i).cpu("100m").memory("128Mi").info();
            String n = scheduledNode(p, s);
            s.assume(p, n);
            perNode.merge(n, 1, Integer::sum);
        }
        assertThat(perNode).containsOnly(Map.entry("a", 10), Map.entry("b", 10), Map.entry("c", 10));
    }

    @Test
    void preferredNodeAffinityWins() {
        ClusterSnapshot s = snapshot(node("a").label("disk", "hdd"), node("b").label("disk", "ssd"), node("c"));
        PodInfo p = pod("p").spec("affinity", "{'nodeAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': "
                + "[{'weight': 10, 'preference': {'matchExpressions': [{'key': 'disk', 'operator': 'In', 'values': ['ssd']}]}}]}}")
                .info();
        assertThat(scheduledNode(p, s)).isEqualTo("b");
    }

    @Test
    void preferNoScheduleTaintIsAvoided() {
        ClusterSnapshot s = snapshot(node("a").taint("spot", "true", "PreferNoSchedule"), node("b"));
        for (int i = 0; i < 5; i++) {
            assertThat(scheduledNode(pod("p" + i).info(), s)).isEqualTo("b");
        }
    }

    @Test
    void nodeSelectorAndRequiredAffinity() {
        ClusterSnapshot s = snapshot(node("a").label("gpu", "true"), node("b"), node("c"));
        ScheduleResult.Unschedulable r = unschedulable(pod("p").nodeSelector("gpu", "false").info(), s);
        assertThat(r.message()).isEqualTo("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
        assertThat(scheduledNode(pod("q").nodeSelector("gpu", "true").info(), s)).isEqualTo("a");
    }

    @Test
    void daemonSetStylePinningNarrowsCandidates() {
        ClusterSnapshot s = snapshot(node("a"), node("b"), node("c"));
        place(s, pod("busy").cpu("4"), "b");
        String pin = "{'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': {'nodeSelectorTerms': "
                + "[{'matchFields': [{'key': 'metadata.name', 'operator': 'In', 'values': ['b']}]}]}}}";
        ScheduleResult.Unschedulable r = unschedulable(pod("ds").cpu("1").spec("affinity", pin).info(), s);
        assertThat(r.message()).isEqualTo("0/3 nodes are available: 1 Insufficient cpu, "
                + "2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: "
                + "1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.");
        String pinA = pin.replace("['b']", "['a']");
        assertThat(scheduledNode(pod("ds2").cpu("1").spec("affinity", pinA).info(), s)).isEqualTo("a");
    }

    @Test
    void hostPortConflicts() {
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        place(s, pod("x").hostPort(8080), "a");
        assertThat(scheduledNode(pod("y").hostPort(8080).info(), s)).isEqualTo("b");
        place(s, pod("z").hostPort(8080), "b");
        assertThat(unschedulable(pod("w").hostPort(8080).info(), s).message()).isEqualTo(
                "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. "
                        + "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
    }

    @Test
    void nominatedNodeIsTriedFirst() {
        ClusterSnapshot s = snapshot(node("a"), node("b"), node("c"));
        PodInfo p = pod("p").nominatedNodeName("c").info();
        ScheduleResult r = scheduler.schedule(p, s);
        assertThat(r).isEqualTo(new ScheduleResult.Scheduled(p, "c", 1, 1));
    }

    @Test
    void replicasSpreadByDefaultWhenTheirControllerIsKnown() {
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        String owner = "[{'apiVersion': 'apps/v1', 'kind': 'ReplicaSet', 'name': 'web-1', 'uid': 'rs', 'controller': true}]";
        for (int i = 0; i < 2; i++) {
            var replica = pod("web-" + i).label("app", "web").cpu("10m");
            replica.json().with("metadata").set("ownerReferences", Fixtures.json(owner));
            place(s, replica, "a");
        }
        place(s, pod("big").cpu("1").memory("2Gi"), "b");
        var next = pod("web-new").label("app", "web").cpu("10m");
        next.json().with("metadata").set("ownerReferences", Fixtures.json(owner));

        // Unknown controller: no default constraints, the emptier node by requests wins.
        assertThat(scheduledNode(next.info(), s)).isEqualTo("a");
        // Known controller: upstream's system default spreading (hostname, maxSkew 3) outweighs it.
        s.workloads().upsertController("ReplicaSet", "default", "web-1", io.k3j.api.selector.LabelSelector.parse("app=web"));
        assertThat(scheduledNode(next.info(), s)).isEqualTo("b");
        // A Service selecting the pods has the same effect.
        s.workloads().removeController("ReplicaSet", "default", "web-1");
        s.workloads().upsertService("default", "web", Map.of("app", "web"));
        assertThat(scheduledNode(next.info(), s)).isEqualTo("b");
    }
}
