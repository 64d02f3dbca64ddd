package io.k3j.scheduler.cache;

import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.pod;
import static io.k3j.scheduler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterSnapshotTest {

    @Test
    void boundPodsAddToTheirNodesSums() {
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        s.upsertPod(pod("p1").cpu("1").memory("1Gi").hostPort(80).nodeName("a").info());
        s.upsertPod(pod("p2").cpu("500m").nodeName("a").info());
        NodeInfo a = s.node("a");
        assertThat(a.pods()).hasSize(2);
        assertThat(a.requested().milliCpu()).isEqualTo(1500);
        assertThat(a.requested().memory()).isEqualTo(1L << 30);
        assertThat(a.nonZeroMemory()).isEqualTo((1L << 30) + 200L * 1024 * 1024);
        assertThat(a.portInUse(new HostPort(null, null, 80))).isTrue();
        assertThat(s.node("b").pods()).isEmpty();
    }

    @Test
    void anUnlabelledPodLeavesAfterTheLabelledOnesOfItsNamespace() {
        ClusterSnapshot s = snapshot(node("a"));
        PodInfo bare = pod("bare").nodeName("a").info();
        PodInfo labelled = pod("labelled").label("app", "web").nodeName("a").info();
        s.upsertPod(bare);
        s.upsertPod(labelled);
        s.removePod(labelled.uid());
        s.removePod(bare.uid());
        assertThat(s.node("a").pods()).isEmpty();
        assertThat(s.podsMatching("default", io.k3j.api.selector.LabelSelector.parse("app=web"))).isEmpty();
    }

    @Test
    void updatesReplaceAndRemovalsSubtract() {
        ClusterSnapshot s = snapshot(node("a"));
        PodInfo p = pod("p").cpu("1").hostPort(80).nodeName("a").info();
        s.upsertPod(p);
        s.upsertPod(p); // a resync is idempotent
        assertThat(s.node("a").requested().milliCpu()).isEqualTo(1000);
        s.removePod(p.uid());
        assertThat(s.node("a").pods()).isEmpty();
        assertThat(s.node("a").requested().milliCpu()).isZero();
        assertThat(s.node("a").portInUse(new HostPort(null, null, 80))).isFalse();
    }

    @Test
    void finishedPodsFreeTheirNode() {
        ClusterSnapshot s = snapshot(node("a"));
        var b = pod("p").cpu("1").nodeName("a");
        s.upsertPod(b.info());
        s.upsertPod(b.phase("Succeeded").info());
        assertThat(s.node("a").pods()).isEmpty();
        assertThat(s.podCount()).isZero();
    }

    @Test
    void assumeCountsThePodUntilTheBindingIsConfirmedOrForgotten() {
        ClusterSnapshot s = snapshot(node("a"));
        var b = pod("p").cpu("1");
        PodInfo pending = b.info();
        s.assume(pending, "a");
        assertThat(s.isAssumed(pending.uid())).isTrue();
        assertThat(s.node("a").requested().milliCpu()).isEqualTo(1000);
        assertThatThrownBy(() -> s.assume(pending, "a")).isInstanceOf(IllegalStateException.class);

        s.forget(pending.uid());
        assertThat(s.node("a").pods()).isEmpty();

        s.assume(pending, "a");
        s.upsertPod(b.nodeName("a").info()); // the informer shows the bound pod: confirmed
        assertThat(s.isAssumed(pending.uid())).isFalse();
        assertThat(s.node("a").pods()).hasSize(1);
        s.forget(pending.uid()); // too late to forget a confirmed pod
        assertThat(s.node("a").pods()).hasSize(1);
    }

    @Test
    void podsMayArriveBeforeTheirNodeAndOutliveIt() {
        ClusterSnapshot s = new ClusterSnapshot();
        PodInfo p = pod("p").cpu("1").nodeName("late").info();
        s.upsertPod(p);
        assertThat(s.nodes()).isEmpty();
        s.upsertNode(node("late").json());
        assertThat(s.node("late").requested().milliCpu()).isEqualTo(1000);
        s.removeNode("late");
        assertThat(s.nodes()).isEmpty();
        s.upsertNode(node("late").json());
        assertThat(s.node("late").pods()).hasSize(1); // still counted: the pod was never deleted
        s.removePod(p.uid());
        s.removeNode("late");
        assertThat(s.node("late")).isNull();
    }

    @Test
    void nodeUpdatesKeepPodsAndRefreshLabelsTaintsAndImages() {
        ClusterSnapshot s = snapshot(node("a").image("nginx:latest", 100));
        s.upsertPod(pod("p").nodeName("a").info());
        assertThat(s.imageNodeCount("nginx:latest")).isEqualTo(1);
        s.upsertNode(node("a").label("zone", "z1").taint("k", "v", "NoSchedule").json());
        NodeInfo a = s.node("a");
        assertThat(a.pods()).hasSize(1);
        assertThat(a.labels()).containsEntry("zone", "z1");
        assertThat(a.taints()).hasSize(1);
        assertThat(s.imageNodeCount("nginx:latest")).isZero();
    }

    @Test
    void nodesAreListedByName() {
        ClusterSnapshot s = snapshot(node("c"), node("a"), node("b"));
        assertThat(s.nodes()).extracting(NodeInfo::name).containsExactly("a", "b", "c");
    }

    @Test
    void nominationsFollowTheInformer() {
        ClusterSnapshot s = snapshot(node("a"));
        var b = pod("p").priority(100);
        s.upsertPod(b.nominatedNodeName("a").info());
        assertThat(s.nominatedPods("a")).hasSize(1);
        b.json().with("status").remove("nominatedNodeName");
        s.upsertPod(b.info());
        assertThat(s.nominatedPods("a")).isEmpty();
        s.upsertPod(b.nominatedNodeName("a").info());
        s.upsertPod(b.nodeName("a").info());
        assertThat(s.nominatedPods("a")).isEmpty();
    }
}
