package io.k3j.quota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.Operation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.k3j.quota.Objects.json;
import static io.k3j.quota.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

class EvaluatorsTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    final PodEvaluator pods = new PodEvaluator();

    @Test
    void podUsageSumsContainersAndCountsLimitsAsMissingRequests() {
        ObjectNode p = pod("p", "a:cpu=100m,memory=128Mi:cpu=200m,memory=256Mi", "b::cpu=1,memory=1Gi");
        assertThat(pods.usage(p, NOW).pretty()).isEqualTo(
                "count/pods=1,cpu=1100m,limits.cpu=1200m,limits.memory=1280Mi,memory=1152Mi,pods=1,"
                        + "requests.cpu=1100m,requests.memory=1152Mi");
    }

    @Test
    void initContainersRaiseTheRequestToTheirLargestStepAndSidecarsAdd() {
        ObjectNode p = pod("p", "main:cpu=100m:");
        p.withObject("/spec").withArray("initContainers")
                .add(json("{'name':'sidecar','restartPolicy':'Always','resources':{'requests':{'cpu':'50m'}}}"))
                .add(json("{'name':'init','resources':{'requests':{'cpu':'500m'}}}"));
        // running: main + sidecar = 150m; init step: init + sidecar = 550m
        assertThat(pods.usage(p, NOW).get("requests.cpu").toString()).isEqualTo("550m");
        p.withObject("/spec").putObject("overhead").put("cpu", "10m");
        assertThat(pods.usage(p, NOW).get("requests.cpu").toString()).isEqualTo("560m");
        assertThat(pods.usage(p, NOW).get("limits.cpu")).as("overhead only adds to limits that are set").isNull();
    }

    @Test
    void terminalPodsAndPodsPastTheirGraceUseOnlyTheirObjectCount() {
        ObjectNode done = pod("p", "a:cpu=1:");
        done.putObject("status").put("phase", "Succeeded");
        assertThat(pods.usage(done, NOW).pretty()).isEqualTo("count/pods=1");

        ObjectNode stuck = pod("p", "a:cpu=1:");
        stuck.withObject("/metadata").put("deletionTimestamp", "2025-12-31T23:59:00Z").put("deletionGracePeriodSeconds", 30);
        assertThat(pods.usage(stuck, NOW).pretty()).isEqualTo("count/pods=1");
        stuck.withObject("/metadata").put("deletionGracePeriodSeconds", 3600);
        assertThat(pods.usage(stuck, NOW).get("pods")).isEqualTo(Quantity.ONE);
    }

    @Test
    void hugepagesAndExtendedResourcesAreChargedAsRequests() {
        ObjectNode p = pod("p", "a:hugepages-2Mi=4Mi,nvidia.com/gpu=2:");
        ResourceList u = pods.usage(p, NOW);
        assertThat(u.get("requests.hugepages-2Mi").toString()).isEqualTo("4Mi");
        assertThat(u.get("hugepages-2Mi").toString()).isEqualTo("4Mi");
        assertThat(u.get("requests.nvidia.com/gpu").toString()).isEqualTo("2");
        assertThat(pods.matchingResources(List.of("requests.nvidia.com/gpu", "requests.storage", "limits.cpu", "secrets")))
                .containsExactly("requests.nvidia.com/gpu", "limits.cpu");
    }

    @Test
    void podScopes() {
        ObjectNode bestEffort = pod("p", "a::");
        ObjectNode burstable = pod("p", "a:cpu=1:");
        ScopeRequirement be = ScopeRequirement.exists("BestEffort");
        assertThat(pods.matchesScope(be, bestEffort)).isTrue();
        assertThat(pods.matchesScope(be, burstable)).isFalse();
        assertThat(pods.matchesScope(ScopeRequirement.exists("NotBestEffort"), burstable)).isTrue();

        ObjectNode job = pod("p", "a::");
        job.withObject("/spec").put("activeDeadlineSeconds", 60);
        assertThat(pods.matchesScope(ScopeRequirement.exists("Terminating"), job)).isTrue();
        assertThat(pods.matchesScope(ScopeRequirement.exists("NotTerminating"), job)).isFalse();

        ObjectNode high = pod("p", "a::");
        high.withObject("/spec").put("priorityClassName", "high");
        ScopeRequirement inHigh = new ScopeRequirement("PriorityClass", "In", List.of("high"));
        assertThat(pods.matchesScope(inHigh, high)).isTrue();
        assertThat(pods.matchesScope(inHigh, bestEffort)).isFalse();
        assertThat(pods.matchesScope(new ScopeRequirement("PriorityClass", "NotIn", List.of("high")), bestEffort)).isTrue();
        assertThat(pods.matchesScope(ScopeRequirement.exists("PriorityClass"), high)).isTrue();

        ObjectNode cross = pod("p", "a::");
        cross.withObject("/spec/affinity/podAntiAffinity").withArray("requiredDuringSchedulingIgnoredDuringExecution")
                .add(json("{'topologyKey':'x','namespaceSelector':{}}"));
        assertThat(pods.matchesScope(ScopeRequirement.exists("CrossNamespacePodAffinity"), cross)).isTrue();
        assertThat(pods.matchesScope(ScopeRequirement.exists("CrossNamespacePodAffinity"), bestEffort)).isFalse();
    }

    @Test
    void podsMustStateTheCpuAndMemoryAQuotaEnforces() {
        ObjectNode p = pod("p", "c2:cpu=1:", "c1::");
        assertThat(pods.constraints(Set.of("limits.cpu", "requests.memory", "pods"), p))
                .contains("must specify limits.cpu for: c1,c2; requests.memory for: c1,c2");
        assertThat(pods.constraints(Set.of("pods", "requests.storage"), p)).isEmpty();
        assertThat(pods.constraints(Set.of("requests.cpu"), pod("p", "a::cpu=1"))).as("a limit defaults the request").isEmpty();
    }

    @Test
    void servicesCountNodePortsAndLoadBalancers() {
        ServiceEvaluator svc = new ServiceEvaluator();
        ObjectNode lb = json("{'spec':{'type':'LoadBalancer','ports':[{'port':80},{'port':443}]}}");
        assertThat(svc.usage(lb, NOW).pretty())
                .isEqualTo("count/services=1,services=1,services.loadbalancers=1,services.nodeports=2");
        lb.withObject("/spec").put("allocateLoadBalancerNodePorts", false);
        lb.withObject("/spec").withArray("ports").get(0).withObject("").put("nodePort", 30000);
        assertThat(svc.usage(lb, NOW).get("services.nodeports")).isEqualTo(Quantity.ONE);
        assertThat(svc.usage(json("{'spec':{'ports':[{'port':80}]}}"), NOW).get("services.nodeports")).isEqualTo(Quantity.ZERO);
        assertThat(svc.handles(Operation.UPDATE, "", lb, lb)).isTrue();
    }

    @Test
    void claimsChargeStoragePerClassInWholeBytes() {
        PvcEvaluator pvc = new PvcEvaluator();
        ObjectNode c = json("{'spec':{'storageClassName':'gold','resources':{'requests':{'storage':'1500m'}}}}");
        assertThat(pvc.usage(c, NOW).pretty()).isEqualTo("count/persistentvolumeclaims=1,"
                + "gold.storageclass.storage.k8s.io/persistentvolumeclaims=1,gold.storageclass.storage.k8s.io/requests.storage=2,"
                + "persistentvolumeclaims=1,requests.storage=2");
        ObjectNode grown = c.deepCopy();
        grown.putObject("status").putObject("allocatedResources").put("storage", "10Gi");
        assertThat(pvc.usage(grown, NOW).get("requests.storage").toString()).isEqualTo("10Gi");
        assertThat(pvc.handles(Operation.UPDATE, "status", grown, c)).isTrue();
        assertThat(pvc.handles(Operation.UPDATE, "status", c, c)).isFalse();
    }

    @Test
    void everyOtherResourceIsCountedAndSomeAreIgnored() {
        assertThat(Evaluators.of("", "configmaps").matchingResources(List.of("configmaps", "count/configmaps", "pods")))
                .containsExactly("configmaps", "count/configmaps");
        Evaluator deployments = Evaluators.of("apps", "deployments");
        assertThat(deployments.usage(json("{}"), NOW).pretty()).isEqualTo("count/deployments.apps=1");
        assertThat(deployments.handles(Operation.UPDATE, "", null, null)).isFalse();
        assertThat(Evaluators.of("", "events")).isNull();
        assertThat(Evaluators.groupResource("count/widgets.example.com")).containsExactly("example.com", "widgets");
    }
}
