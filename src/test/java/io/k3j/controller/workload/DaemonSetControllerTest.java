package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.k3j.controller.workload.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** The DaemonSet controller inside a real in-process server, on Node objects the test registers. */
@ExtendWith(Cluster.Extension.class)
class DaemonSetControllerTest {

    Cluster c;
    String ns;
    String prefix;
    final List<String> nodes = new ArrayList<>();

    @BeforeEach
    void setUp(Cluster cluster) {
        c = cluster;
        ns = c.namespace();
        prefix = "n" + UUID.randomUUID().toString().substring(0, 6) + "-";
    }

    @AfterEach
    void tearDown() {
        c.deleteNamespace(ns);
        for (String n : nodes) {
            c.call(k -> k.delete(Resources.NODES, "", n, io.k3j.client.DeleteOptions.DEFAULT));
        }
    }

    String node(String suffix, String labels, String spec) {
        String name = prefix + suffix;
        c.create(Resources.NODES, "", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","labels":%s},"spec":%s}""".formatted(name, labels, spec));
        nodes.add(name);
        return name;
    }

    List<String> podNodes() {
        return c.activePods(ns).stream().map(DaemonPlacement::targetNode).sorted().toList();
    }

    JsonNode status() {
        return c.get(Resources.DAEMON_SETS, ns, "agent").path("status");
    }

    @Test
    void onePodPerEligibleNodeWithTaintsTolerationsAndAffinity() {
        String tag = prefix.substring(0, prefix.length() - 1);
        String web1 = node("web1", "{\"pool\":\"" + tag + "\",\"role\":\"web\"}", "{}");
        String web2 = node("web2", "{\"pool\":\"" + tag + "\",\"role\":\"web\"}",
                "{\"taints\":[{\"key\":\"dedicated\",\"value\":\"x\",\"effect\":\"NoSchedule\"}]}");
        node("db", "{\"pool\":\"" + tag + "\",\"role\":\"db\"}", "{}");
        String cordoned = node("cordoned", "{\"pool\":\"" + tag + "\",\"role\":\"web\"}",
                "{\"unschedulable\":true,\"taints\":[{\"key\":\"node.kubernetes.io/unschedulable\",\"effect\":\"NoSchedule\"}]}");
        c.create(Resources.DAEMON_SETS, ns, """
                {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},
                 "spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},
                  "spec":{"nodeSelector":{"pool":"%s","role":"web"},"containers":[{"name":"c","image":"agent:1"}]}}}}""".formatted(tag));
        eventually("pods on web1 and the cordoned node", () -> podNodes().equals(List.of(cordoned, web1).stream().sorted().toList()));
        ObjectNode pod = c.activePods(ns).getFirst();
        // The pod names its node by affinity (podNodes reads it), not spec.nodeName: the scheduler binds it.
        assertThat(pod.path("spec").path("tolerations").toString()).contains("node.kubernetes.io/not-ready",
                "node.kubernetes.io/unreachable", "node.kubernetes.io/unschedulable", "node.kubernetes.io/disk-pressure");
        assertThat(Meta.labels(pod)).containsKeys("controller-revision-hash", "pod-template-generation");
        assertThat(Meta.name(pod)).startsWith("agent-");
        eventually("status", () -> status().path("desiredNumberScheduled").asInt() == 2
                && status().path("currentNumberScheduled").asInt() == 2 && status().path("updatedNumberScheduled").asInt() == 2);

        // Tolerating the dedicated taint adds web2.
        c.patch(Resources.DAEMON_SETS, ns, "agent", """
                {"spec":{"template":{"spec":{"tolerations":[{"key":"dedicated","operator":"Exists","effect":"NoSchedule"}]}}}}""");
        eventually("web2 too", () -> podNodes().contains(web2));
        // A NoExecute taint evicts from web1.
        c.patch(Resources.NODES, "", web1, "{\"spec\":{\"taints\":[{\"key\":\"gone\",\"effect\":\"NoExecute\"}]}}");
        eventually("not on web1", () -> !podNodes().contains(web1));
        eventually("desired 2", () -> status().path("desiredNumberScheduled").asInt() == 2);
    }

    @Test
    void rollingUpdateReplacesWithinMaxUnavailable() throws Exception {
        String tag = prefix.substring(0, prefix.length() - 1);
        for (int i = 0; i < 3; i++) {
            node("r" + i, "{\"pool\":\"" + tag + "\"}", "{}");
        }
        c.create(Resources.DAEMON_SETS, ns, """
                {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},
                 "spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},
                  "spec":{"nodeSelector":{"pool":"%s"},"containers":[{"name":"c","image":"agent:1"}]}}}}""".formatted(tag));
        try (AutoCloseable kubelet = c.kubelet(ns, null, p -> false)) {
            eventually("3 ready", () -> status().path("numberReady").asInt() == 3 && status().path("numberAvailable").asInt() == 3);
            c.patch(Resources.DAEMON_SETS, ns, "agent", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"agent:2\"}]}}}}");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (status().path("updatedNumberScheduled").asInt() < 3 || status().path("numberAvailable").asInt() < 3
                    || status().path("observedGeneration").asLong() < 2) {
                assertThat(System.nanoTime()).as("rollout finishes").isLessThan(deadline);
                long available = c.activePods(ns).stream().filter(Pods::ready).count();
                assertThat(available).as("at most one node without an available pod").isGreaterThanOrEqualTo(2);
                Thread.sleep(20);
            }
        }
        assertThat(c.activePods(ns)).allMatch(p -> p.path("spec").path("containers").get(0).path("image").asText().equals("agent:2"));
        assertThat(c.activePods(ns)).hasSize(3);
    }
}
