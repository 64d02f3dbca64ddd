package io.k3j.scheduler.cache;

import static io.k3j.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodInfoTest {

    @Test
    void quantitiesRoundUpAsUpstream() {
        assertThat(Quantities.parse("cpu", "100m")).isEqualTo(100);
        assertThat(Quantities.parse("cpu", "1.5")).isEqualTo(1500);
        assertThat(Quantities.parse("cpu", "0.1m")).isEqualTo(1);
        assertThat(Quantities.parse("memory", "1Gi")).isEqualTo(1L << 30);
        assertThat(Quantities.parse("memory", "1.5")).isEqualTo(2);
        assertThat(Quantities.parse("memory", "128974848")).isEqualTo(128974848);
        assertThat(Quantities.parse("memory", "129e6")).isEqualTo(129_000_000);
        assertThat(Quantities.parse("memory", "123Mi")).isEqualTo(123L << 20);
    }

    @Test
    void requestsSumContainersAndTakeTheLargestInitStep() {
        PodInfo p = pod("p").cpu("500m").initContainer("2", false).info();
        assertThat(p.requests().milliCpu()).isEqualTo(2000); // the init container runs alone, before the app
        PodInfo q = pod("q").cpu("500m").initContainer("200m", false).info();
        assertThat(q.requests().milliCpu()).isEqualTo(500);
    }

    @Test
    void sidecarsAddUpAndRunBesideLaterInitContainers() {
        // sidecar 300m runs with the app (500m): 800m; the later init container runs beside the sidecar: 1000m+300m.
        PodInfo p = pod("p").cpu("500m").initContainer("300m", true).initContainer("1", false).info();
        assertThat(p.requests().milliCpu()).isEqualTo(1300);
        PodInfo q = pod("q").cpu("500m").initContainer("300m", true).initContainer("100m", false).info();
        assertThat(q.requests().milliCpu()).isEqualTo(800);
    }

    @Test
    void overheadAddsAndLimitsStandInForMissingRequests() {
        PodInfo p = pod("p").cpu("1").spec("overhead", "{'cpu': '250m', 'memory': '64Mi'}").info();
        assertThat(p.requests().milliCpu()).isEqualTo(1250);
        assertThat(p.requests().memory()).isEqualTo(64L << 20);
        PodInfo q = pod("q").spec("containers", "[{'name': 'c', 'image': 'x', 'resources': {'limits': {'cpu': '2', "
                + "'example.com/gpu': '1'}}}]").info();
        assertThat(q.requests().milliCpu()).isEqualTo(2000);
        assertThat(q.requests().scalar("example.com/gpu")).isEqualTo(1);
    }

    @Test
    void bestEffortContainersScoreAtUpstreamDefaults() {
        PodInfo p = pod("p").info();
        assertThat(p.requests().isZero()).isTrue();
        assertThat(p.nonZeroMilliCpu()).isEqualTo(100);
        assertThat(p.nonZeroMemory()).isEqualTo(200L * 1024 * 1024);
        PodInfo q = pod("q").cpu("0").info(); // an explicit zero is kept, only a missing request is defaulted
        assertThat(q.nonZeroMilliCpu()).isZero();
    }

    @Test
    void scalarResourcesAreTheOnesUpstreamTracks() {
        assertThat(Resources.isScalar("example.com/gpu")).isTrue();
        assertThat(Resources.isScalar("hugepages-2Mi")).isTrue();
        assertThat(Resources.isScalar("attachable-volumes-csi-x")).isTrue();
        assertThat(Resources.isScalar("requests.example.com/gpu")).isFalse();
        assertThat(Resources.isScalar("storage")).isFalse();
    }

    @Test
    void imagesAreNormalizedWithLatest() {
        assertThat(PodInfo.normalizedImage("nginx")).isEqualTo("nginx:latest");
        assertThat(PodInfo.normalizedImage("localhost:5000/nginx")).isEqualTo("localhost:5000/nginx:latest");
        assertThat(PodInfo.normalizedImage("nginx:1.27")).isEqualTo("nginx:1.27");
    }

    @Test
    void defaultsForSchedulerNamePriorityAndSpreadPolicies() {
        PodInfo p = pod("p").schedulerName("").spec("topologySpreadConstraints", "[{'maxSkew': 2, 'topologyKey': 'zone', "
                + "'whenUnsatisfiable': 'ScheduleAnyway', 'labelSelector': {'matchLabels': {'app': 'x'}}}]").info();
        assertThat(p.schedulerName()).isEqualTo("default-scheduler");
        assertThat(p.priority()).isZero();
        SpreadConstraint c = p.spreadConstraints().get(0);
        assertThat(c.doNotSchedule()).isFalse();
        assertThat(c.minDomains()).isEqualTo(1);
        assertThat(c.honorNodeAffinity()).isTrue();
        assertThat(c.honorNodeTaints()).isFalse();
    }

    @Test
    void matchLabelKeysJoinTheSelector() {
        PodInfo p = pod("p").label("app", "web").label("pod-template-hash", "abc").spec("topologySpreadConstraints",
                "[{'maxSkew': 1, 'topologyKey': 'zone', 'whenUnsatisfiable': 'DoNotSchedule', "
                        + "'labelSelector': {'matchLabels': {'app': 'web'}}, 'matchLabelKeys': ['pod-template-hash']}]")
                .info();
        var sel = p.spreadConstraints().get(0).selector();
        assertThat(sel.matches(java.util.Map.of("app", "web", "pod-template-hash", "abc"))).isTrue();
        assertThat(sel.matches(java.util.Map.of("app", "web", "pod-template-hash", "old"))).isFalse();
    }

    @Test
    void affinityTermNamespacesDefaultToThePodsOwn() {
        PodInfo p = pod("p").namespace("team").spec("affinity", "{'podAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': "
                + "[{'topologyKey': 'zone', 'labelSelector': {'matchLabels': {'app': 'db'}}}]}}").info();
        AffinityTerm t = p.requiredAffinity().get(0);
        assertThat(t.namespaces()).containsExactly("team");
        assertThat(t.matches(pod("db").namespace("team").label("app", "db").info(), java.util.Map.of())).isTrue();
        assertThat(t.matches(pod("db").namespace("other").label("app", "db").info(), java.util.Map.of())).isFalse();
    }

    @Test
    void hostPortsDefaultToAllAddressesAndTcp() {
        PodInfo p = pod("p").hostPort(80).info();
        assertThat(p.hostPorts()).containsExactly(new HostPort("0.0.0.0", "TCP", 80));
        assertThat(new HostPort("10.0.0.1", "TCP", 80).conflictsWith(new HostPort(null, null, 80))).isTrue();
        assertThat(new HostPort("10.0.0.1", "TCP", 80).conflictsWith(new HostPort("10.0.0.2", "TCP", 80))).isFalse();
        assertThat(new HostPort(null, "UDP", 80).conflictsWith(new HostPort(null, "TCP", 80))).isFalse();
    }
}
