package io.k3j.scheduler.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.scheduler.ScheduleResult;
import io.k3j.scheduler.Scheduler;
import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.Status;
import io.k3j.scheduler.plugins.DefaultPlugins;
import io.k3j.scheduler.plugins.VolumeBinding;
import io.k3j.volume.VolumeAnnotations;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.pod;
import static io.k3j.scheduler.Fixtures.snapshot;
import static io.k3j.volume.Objects.json;
import static io.k3j.volume.Objects.pv;
import static io.k3j.volume.Objects.pvc;
import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler's side of volume binding: upstream's PreFilter/Filter texts, per-node matching, assume. */
class ClaimBinderTest {

    static final String ON_NODE_1 = "{'nodeAffinity':{'required':{'nodeSelectorTerms':[{'matchExpressions':"
            + "[{'key':'kubernetes.io/hostname','operator':'In','values':['node-1']}]}]}}}";

    final VolumeCache cache = new VolumeCache();
    final ClaimBinder binder = new ClaimBinder(cache);
    final ClusterSnapshot nodes = snapshot(node("node-1"), node("node-2"));

    ClaimBinderTest() {
        cache.upsertClass(json("{'metadata':{'name':'local'},'provisioner':'kubernetes.io/no-provisioner',"
                + "'volumeBindingMode':'WaitForFirstConsumer'}"));
        cache.upsertClass(json("{'metadata':{'name':'dynamic'},'provisioner':'example.com/nfs',"
                + "'volumeBindingMode':'WaitForFirstConsumer','allowedTopologies':[{'matchLabelExpressions':"
                + "[{'key':'kubernetes.io/hostname','values':['node-2']}]}]}"));
        cache.upsertClass(json("{'metadata':{'name':'instant'},'provisioner':'example.com/nfs','volumeBindingMode':'Immediate'}"));
    }

    static PodInfo podWith(String name, String... claims) {
        StringBuilder vols = new StringBuilder("[");
        for (int i = 0; i < claims.length; i++) {
            vols.append(i == 0 ? "" : ",").append("{'name':'v").append(i).append("','persistentVolumeClaim':{'claimName':'")
                    .append(claims[i]).append("'}}");
        }
        return pod(name).namespace("ns").spec("volumes", vols.append("]").toString()).info();
    }

    Status pre(CycleState state, PodInfo pod) {
        return binder.preFilter(state, pod);
    }

    String filter(PodInfo pod, String node) {
        CycleState state = new CycleState();
        Status pre = pre(state, pod);
        if (!pre.isSuccess()) {
            return "PreFilter: " + pre.message();
        }
        Status s = binder.filter(state, pod, nodes.node(node));
        return s.isSuccess() ? "" : s.message();
    }

    @Test
    void preFilterRejectsMissingLostDeletingAndUnboundImmediateClaims() {
        assertThat(filter(podWith("p", "data"), "node-1")).isEqualTo("PreFilter: persistentvolumeclaim \"data\" not found");
        ObjectNode lost = pvc("lost", "1Gi", "", "{'volumeName':'gone'}");
        ((ObjectNode) lost.get("status")).put("phase", "Lost");
        cache.upsertClaim(lost);
        assertThat(filter(podWith("p", "lost"), "node-1"))
                .isEqualTo("PreFilter: persistentvolumeclaim \"lost\" bound to non-existent persistentvolume \"gone\"");
        ObjectNode deleting = pvc("deleting", "1Gi", "", "");
        ((ObjectNode) deleting.get("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
        cache.upsertClaim(deleting);
        assertThat(filter(podWith("p", "deleting"), "node-1")).isEqualTo("PreFilter: persistentvolumeclaim \"deleting\" is being deleted");
        cache.upsertClaim(pvc("instant", "1Gi", "instant", ""));
        assertThat(filter(podWith("p", "instant"), "node-1")).isEqualTo("PreFilter: pod has unbound immediate PersistentVolumeClaims");
        PodInfo ephemeral = pod("e").namespace("ns").spec("volumes", "[{'name':'scratch','ephemeral':{'volumeClaimTemplate':{}}}]").info();
        assertThat(filter(ephemeral, "node-1"))
                .isEqualTo("PreFilter: waiting for ephemeral volume controller to create the persistentvolumeclaim \"e-scratch\"");
    }

    @Test
    void aWaitForFirstConsumerClaimGoesWhereALocalVolumeIs() {
        cache.upsertVolume(pv("local-1", "10Gi", "local", ON_NODE_1));
        cache.upsertClaim(pvc("data", "5Gi", "local", ""));
        PodInfo p = podWith("p", "data");
        assertThat(filter(p, "node-1")).isEmpty();
        assertThat(filter(p, "node-2")).isEqualTo("node(s) didn't find available persistent volumes to bind");
    }

    @Test
    void assumingTakesTheVolumeSoTheNextPodCannot() throws Exception {
        cache.upsertVolume(pv("local-1", "10Gi", "local", ON_NODE_1));
        cache.upsertClaim(pvc("a", "5Gi", "local", ""));
        cache.upsertClaim(pvc("b", "5Gi", "local", ""));
        PodVolumes planned = binder.assume(podWith("p", "a"), nodes.node("node-1"));
        assertThat(planned.staticBindings()).hasSize(1);
        var ref = planned.staticBindings().get(0).volume().object().path("spec").path("claimRef");
        assertThat(ref.path("name").asText()).isEqualTo("a");
        assertThat(ref.path("uid").asText()).isEqualTo("uid-a");
        assertThat(ref.path("resourceVersion").asText()).isEqualTo("20");
        assertThat(planned.staticBindings().get(0).volume().annotations()).containsEntry(VolumeAnnotations.BOUND_BY_CONTROLLER, "yes");
        assertThat(filter(podWith("q", "b"), "node-1")).isEqualTo("node(s) didn't find available persistent volumes to bind");
        binder.revert(planned);
        assertThat(filter(podWith("q", "b"), "node-1")).isEmpty();
    }

    @Test
    void aBoundVolumesAffinityPinsThePod() {
        ObjectNode bound = pv("local-1", "10Gi", "local", ON_NODE_1);
        ((ObjectNode) bound.get("spec")).set("claimRef", json("{'namespace':'ns','name':'data','uid':'uid-data'}"));
        cache.upsertVolume(bound);
        ObjectNode claim = pvc("data", "5Gi", "local", "{'volumeName':'local-1'}");
        ((ObjectNode) claim.get("metadata")).putObject("annotations").put(VolumeAnnotations.BIND_COMPLETED, "yes");
        cache.upsertClaim(claim);
        assertThat(filter(podWith("p", "data"), "node-1")).isEmpty();
        assertThat(filter(podWith("p", "data"), "node-2")).isEqualTo("node(s) had volume node affinity conflict");
        cache.removeVolume("local-1");
        assertThat(filter(podWith("p", "data"), "node-1"))
                .isEqualTo("node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)");
    }

    @Test
    void provisioningNeedsAProvisionerAndAnAllowedTopology() throws Exception {
        cache.upsertClaim(pvc("dyn", "5Gi", "dynamic", ""));
        assertThat(filter(podWith("p", "dyn"), "node-1")).isEqualTo("node(s) didn't find available persistent volumes to bind");
        assertThat(filter(podWith("p", "dyn"), "node-2")).isEmpty();
        PodVolumes planned = binder.assume(podWith("p", "dyn"), nodes.node("node-2"));
        assertThat(planned.dynamicProvisions()).singleElement()
                .satisfies(c -> assertThat(c.annotations()).containsEntry(VolumeAnnotations.SELECTED_NODE, "node-2"));
        // Once a node is selected for provisioning, other nodes are out.
        assertThat(filter(podWith("q", "dyn"), "node-1")).isEqualTo("node(s) didn't find available persistent volumes to bind");
        // A no-provisioner class cannot provision: without a matching volume no node fits.
        cache.upsertClaim(pvc("static", "5Gi", "local", ""));
        assertThat(filter(podWith("r", "static"), "node-2")).isEqualTo("node(s) didn't find available persistent volumes to bind");
    }

    @Test
    void theSchedulerSummarizesVolumeReasonsAsUpstream() {
        cache.upsertVolume(pv("local-1", "10Gi", "local", ON_NODE_1));
        cache.upsertClaim(pvc("data", "50Gi", "local", ""));
        Scheduler scheduler = new Scheduler(DefaultPlugins.profile(new VolumeBinding(binder)), new SplittableRandom(1));
        ScheduleResult r = scheduler.schedule(podWith("p", "data"), nodes);
        assertThat(r).isInstanceOf(ScheduleResult.Unschedulable.class);
        assertThat(((ScheduleResult.Unschedulable) r).message()).isEqualTo("0/2 nodes are available: 2 node(s) didn't find "
                + "available persistent volumes to bind. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
        cache.upsertClaim(pvc("data", "5Gi", "local", ""));
        assertThat(scheduler.schedule(podWith("p", "data"), nodes)).isInstanceOfSatisfying(ScheduleResult.Scheduled.class,
                s -> assertThat(s.node()).isEqualTo("node-1"));
    }
}
