package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static io.k3j.controller.workload.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** The Deployment controller with the ReplicaSet controller, inside a real in-process server. */
@ExtendWith(Cluster.Extension.class)
class DeploymentControllerTest {

    Cluster c;
    String ns;

    @BeforeEach
    void setUp(Cluster cluster) {
        c = cluster;
        ns = c.namespace();
    }

    @AfterEach
    void tearDown() {
        c.deleteNamespace(ns);
    }

    static String deployment(String name, int replicas, String image, String extraSpec) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,%s"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"%s"}},
                   "spec":{"containers":[{"name":"c","image":"%s"}]}}}}""".formatted(name, replicas, extraSpec, name, name, image);
    }

    List<ObjectNode> replicaSets() {
        return c.list(Resources.REPLICA_SETS, ns);
    }

    JsonNode status(String name) {
        return c.get(Resources.DEPLOYMENTS, ns, name).path("status");
    }

    static JsonNode condition(JsonNode status, String type) {
        return DeploymentStatus.get(status, type);
    }

    boolean rolledOut(String name) {
        ObjectNode d = c.get(Resources.DEPLOYMENTS, ns, name);
        JsonNode s = d.path("status");
        int want = d.path("spec").path("replicas").asInt();
        JsonNode p = condition(s, "Progressing");
        return s.path("observedGeneration").asLong() >= Meta.generation(d) && s.path("updatedReplicas").asInt() == want
                && s.path("replicas").asInt() == want && s.path("availableReplicas").asInt() == want
                && p != null && "NewReplicaSetAvailable".equals(p.path("reason").asText());
    }

    @Test
    void createsARevisionedReplicaSetAndRollsOutWithinTheSurgeBudget() throws Exception {
        c.create(Resources.DEPLOYMENTS, ns, deployment("web", 3, "nginx:1", ""));
        eventually("one ReplicaSet", () -> replicaSets().size() == 1);
        ObjectNode rs1 = replicaSets().getFirst();
        String hash1 = rs1.path("metadata").path("labels").path("pod-template-hash").asText();
        assertThat(Meta.name(rs1)).isEqualTo("web-" + hash1).matches("web-[bcdfghjklmnpqrstvwxz2456789]+");
        assertThat(Meta.annotations(rs1)).containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
                .containsEntry("deployment.kubernetes.io/max-replicas", "4");
        assertThat(rs1.path("spec").path("selector").path("matchLabels").path("pod-template-hash").asText()).isEqualTo(hash1);
        assertThat(OwnerRefs.controllerOf(rs1).path("kind").asText()).isEqualTo("Deployment");
        eventually("ScalingReplicaSet event", () -> c.events(ns, "web")
                .contains("ScalingReplicaSet: Scaled up replica set " + Meta.name(rs1) + " to 3 from 0"));
        eventually("3 pods", () -> c.activePods(ns).size() == 3);
        eventually("revision annotation on the deployment",
                () -> "1".equals(Meta.annotation(c.get(Resources.DEPLOYMENTS, ns, "web"), "deployment.kubernetes.io/revision")));

        try (AutoCloseable kubelet = c.kubelet(ns, "node-a", p -> false)) {
            eventually("rolled out", () -> rolledOut("web"));
            JsonNode s = status("web");
            assertThat(condition(s, "Available").path("status").asText()).isEqualTo("True");
            assertThat(s.path("unavailableReplicas").asInt()).isZero();
            assertThat(s.path("readyReplicas").asInt()).isEqualTo(3);

            // A new template: a second ReplicaSet, never more than replicas + maxSurge (1) pods, never fewer than 3 available.
            c.patch(Resources.DEPLOYMENTS, ns, "web", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:2\"}]}}}}");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!rolledOut("web")) {
                assertThat(System.nanoTime()).as("rollout finishes").isLessThan(deadline);
                int total = replicaSets().stream().mapToInt(DeploymentMath::replicas).sum();
                assertThat(total).isLessThanOrEqualTo(4);
                Thread.sleep(20);
            }
        }
        List<ObjectNode> rss = replicaSets();
        assertThat(rss).hasSize(2);
        ObjectNode rs2 = rss.stream().filter(r -> !Meta.name(r).equals(Meta.name(rs1))).findFirst().orElseThrow();
        assertThat(Meta.annotation(rs2, "deployment.kubernetes.io/revision")).isEqualTo("2");
        assertThat(DeploymentMath.replicas(rs2)).isEqualTo(3);
        assertThat(DeploymentMath.replicas(c.get(Resources.REPLICA_SETS, ns, Meta.name(rs1)))).isZero();
        assertThat(Meta.annotation(c.get(Resources.DEPLOYMENTS, ns, "web"), "deployment.kubernetes.io/revision")).isEqualTo("2");
        assertThat(c.events(ns, "web")).contains("ScalingReplicaSet: Scaled down replica set " + Meta.name(rs1) + " to 0 from 1");

        // Rollback (what kubectl rollout undo sends): the old ReplicaSet becomes the new one, as revision 3.
        c.patch(Resources.DEPLOYMENTS, ns, "web", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1\"}]}}}}");
        try (AutoCloseable kubelet = c.kubelet(ns, "node-a", p -> false)) {
            eventually("rolled back", () -> rolledOut("web") && DeploymentMath.replicas(c.get(Resources.REPLICA_SETS, ns, Meta.name(rs1))) == 3);
        }
        ObjectNode back = c.get(Resources.REPLICA_SETS, ns, Meta.name(rs1));
        assertThat(Meta.annotation(back, "deployment.kubernetes.io/revision")).isEqualTo("3");
        assertThat(Meta.annotation(back, "deployment.kubernetes.io/revision-history")).isEqualTo("1");
        assertThat(replicaSets()).hasSize(2);
    }

    @Test
    void pausedDeploymentsOnlyScaleAndResumeRollsOut() throws Exception {
        c.create(Resources.DEPLOYMENTS, ns, deployment("p", 2, "nginx:1", ""));
        try (AutoCloseable kubelet = c.kubelet(ns, "node-a", p -> false)) {
            eventually("rolled out", () -> rolledOut("p"));
            c.patch(Resources.DEPLOYMENTS, ns, "p", "{\"spec\":{\"paused\":true}}");
            eventually("paused condition", () -> {
                JsonNode p = condition(status("p"), "Progressing");
                return p != null && "DeploymentPaused".equals(p.path("reason").asText()) && "Unknown".equals(p.path("status").asText());
            });
            c.patch(Resources.DEPLOYMENTS, ns, "p", "{\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:2\"}]}}}}");
            eventually("scaled while paused", () -> replicaSets().size() == 1 && DeploymentMath.replicas(replicaSets().getFirst()) == 3);
            c.patch(Resources.DEPLOYMENTS, ns, "p", "{\"spec\":{\"paused\":false}}");
            eventually("resumed and rolled out", () -> replicaSets().size() == 2 && rolledOut("p"));
        }
    }

    @Test
    void progressDeadlineExceededWhenPodsNeverBecomeReady() {
        c.create(Resources.DEPLOYMENTS, ns, deployment("slow", 1, "nginx:1", "\"progressDeadlineSeconds\":2,"));
        eventually("ProgressDeadlineExceeded", Duration.ofSeconds(30), () -> {
            JsonNode p = condition(status("slow"), "Progressing");
            return p != null && "False".equals(p.path("status").asText())
                    && "ProgressDeadlineExceeded".equals(p.path("reason").asText());
        });
        JsonNode p = condition(status("slow"), "Progressing");
        assertThat(p.path("message").asText()).matches("ReplicaSet \"slow-[a-z0-9]+\" has timed out progressing\\.");
        assertThat(condition(status("slow"), "Available").path("status").asText()).isEqualTo("False");
    }

    @Test
    void recreateScalesOldDownBeforeNewUpAndHistoryIsLimited() throws Exception {
        c.create(Resources.DEPLOYMENTS, ns, deployment("r", 2, "nginx:1",
                "\"revisionHistoryLimit\":1,\"strategy\":{\"type\":\"Recreate\"},"));
        java.util.concurrent.atomic.AtomicBoolean mixed = new java.util.concurrent.atomic.AtomicBoolean();
        // Ready but never bound (node null): without a kubelet, only unbound pods are deleted at once.
        try (AutoCloseable kubelet = c.kubelet(ns, null, p -> false)) {
            for (int i = 2; i <= 4; i++) {
                eventually("rolled out", () -> rolledOut("r"));
                final String image = "nginx:" + i;
                c.patch(Resources.DEPLOYMENTS, ns, "r", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}");
                eventually("recreated with " + image, () -> {
                    List<ObjectNode> pods = c.activePods(ns);
                    if (pods.stream().map(p -> p.path("spec").path("containers").get(0).path("image").asText()).distinct().count() > 1) {
                        mixed.set(true);
                    }
                    return pods.size() == 2 && pods.stream().allMatch(p -> p.path("spec").path("containers").get(0).path("image").asText().equals(image));
                });
            }
            eventually("rolled out", () -> rolledOut("r"));
        }
        assertThat(mixed).as("old and new pods never run together").isFalse();
        // Revision 4 is current; revisionHistoryLimit 1 keeps one old ReplicaSet (revision 3).
        eventually("history cleaned", () -> replicaSets().size() == 2);
        assertThat(replicaSets()).extracting(r -> Meta.annotation(r, "deployment.kubernetes.io/revision"))
                .containsExactlyInAnyOrder("3", "4");
    }
}
