package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.k3j.controller.workload.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** The StatefulSet controller inside a real in-process server (pods made ready unbound, so deletes are immediate). */
@ExtendWith(Cluster.Extension.class)
class StatefulSetControllerTest {

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

    static String statefulSet(String name, int replicas, String image, String extraSpec) {
        return """
                {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,"serviceName":"%s",%s"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"%s"}},"spec":{"containers":[{"name":"c","image":"%s"}]}}}}"""
                .formatted(name, replicas, name, extraSpec, name, name, image);
    }

    List<String> podNames() {
        return c.activePods(ns).stream().map(Meta::name).sorted().toList();
    }

    Map<String, String> revisions() {
        return c.activePods(ns).stream().collect(Collectors.toMap(Meta::name, p -> Meta.labels(p).get("controller-revision-hash")));
    }

    void readyOne(String name) {
        c.setStatus(c.get(Resources.PODS, ns, name), null, "Running", true, java.time.Instant.now());
    }

    @Test
    void orderedReadyCreatesInOrderWithClaimsAndScalesDownFromTheTop() {
        c.create(Resources.STATEFUL_SETS, ns, statefulSet("web", 3, "nginx:1", """
                "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
                  "resources":{"requests":{"storage":"1Gi"}}}}],"""));
        eventually("web-0", () -> podNames().equals(List.of("web-0")));
        ObjectNode p0 = c.get(Resources.PODS, ns, "web-0");
        assertThat(p0.path("spec").path("hostname").asText()).isEqualTo("web-0");
        assertThat(p0.path("spec").path("subdomain").asText()).isEqualTo("web");
        assertThat(Meta.labels(p0)).containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
                .containsEntry("apps.kubernetes.io/pod-index", "0").containsKey("controller-revision-hash");
        assertThat(p0.path("spec").path("volumes").toString()).contains("\"claimName\":\"data-web-0\"");
        assertThat(c.getOrNull(Resources.PVCS, ns, "data-web-0")).isNotNull();
        // Not ready: nothing more happens.
        assertThat(podNames()).containsExactly("web-0");
        readyOne("web-0");
        eventually("web-1", () -> podNames().equals(List.of("web-0", "web-1")));
        readyOne("web-1");
        eventually("web-2", () -> podNames().size() == 3);
        readyOne("web-2");
        eventually("status", () -> {
            JsonNode s = c.get(Resources.STATEFUL_SETS, ns, "web").path("status");
            return s.path("readyReplicas").asInt() == 3 && s.path("currentRevision").asText().equals(s.path("updateRevision").asText());
        });
        JsonNode s = c.get(Resources.STATEFUL_SETS, ns, "web").path("status");
        assertThat(s.path("currentRevision").asText()).startsWith("web-");
        assertThat(c.list(Resources.CONTROLLER_REVISIONS, ns)).extracting(Meta::name).containsExactly(s.path("currentRevision").asText());
        assertThat(c.events(ns, "web")).contains("SuccessfulCreate: create Pod web-0 in StatefulSet web successful",
                "SuccessfulCreate: create Claim data-web-0 Pod web-0 in StatefulSet web success");

        c.patch(Resources.STATEFUL_SETS, ns, "web", "{\"spec\":{\"replicas\":1}}");
        eventually("scaled to 1", () -> podNames().equals(List.of("web-0")));
        // the controller records the event after the delete returns: the pod may be gone a moment before it
        eventually("the second delete's event", () -> c.events(ns, "web")
                .contains("SuccessfulDelete: delete Pod web-1 in StatefulSet web successful"));
        assertThat(c.events(ns, "web")).containsSubsequence("SuccessfulDelete: delete Pod web-2 in StatefulSet web successful",
                "SuccessfulDelete: delete Pod web-1 in StatefulSet web successful");
        assertThat(c.getOrNull(Resources.PVCS, ns, "data-web-2")).as("Retain keeps claims").isNotNull();
    }

    @Test
    void rollingUpdateWithPartitionReplacesFromTheHighestOrdinal() {
        c.create(Resources.STATEFUL_SETS, ns, statefulSet("db", 3, "pg:1", "\"podManagementPolicy\":\"Parallel\","));
        eventually("3 pods at once", () -> podNames().size() == 3);
        try (AutoCloseable kubelet = c.kubelet(ns, null, p -> false)) {
            eventually("ready", () -> c.get(Resources.STATEFUL_SETS, ns, "db").path("status").path("readyReplicas").asInt() == 3);
            String oldRev = revisions().get("db-0");
            c.patch(Resources.STATEFUL_SETS, ns, "db", """
                    {"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}},
                     "template":{"spec":{"containers":[{"name":"c","image":"pg:2"}]}}}}""");
            eventually("db-1 and db-2 updated", Duration.ofSeconds(40), () -> {
                Map<String, String> r = revisions();
                return r.size() == 3 && !oldRev.equals(r.get("db-1")) && !oldRev.equals(r.get("db-2"))
                        && c.get(Resources.STATEFUL_SETS, ns, "db").path("status").path("updatedReplicas").asInt() == 2;
            });
            assertThat(revisions().get("db-0")).isEqualTo(oldRev);
            JsonNode s = c.get(Resources.STATEFUL_SETS, ns, "db").path("status");
            assertThat(s.path("currentRevision").asText()).isEqualTo(oldRev);
            assertThat(s.path("updateRevision").asText()).isEqualTo(revisions().get("db-2"));
            assertThat(c.events(ns, "db")).containsSubsequence("SuccessfulDelete: delete Pod db-2 in StatefulSet db successful",
                    "SuccessfulDelete: delete Pod db-1 in StatefulSet db successful");
            // Partition 0 finishes the rollout; the current revision follows.
            c.patch(Resources.STATEFUL_SETS, ns, "db", "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}");
            eventually("all updated", Duration.ofSeconds(40), () -> {
                JsonNode st = c.get(Resources.STATEFUL_SETS, ns, "db").path("status");
                return st.path("currentRevision").asText().equals(st.path("updateRevision").asText()) && st.path("updatedReplicas").asInt() == 3;
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void onDeleteOnlyReplacesDeletedPods() {
        c.create(Resources.STATEFUL_SETS, ns, statefulSet("od", 2, "x:1",
                "\"podManagementPolicy\":\"Parallel\",\"updateStrategy\":{\"type\":\"OnDelete\"},"));
        eventually("2 pods", () -> podNames().size() == 2);
        String oldRev = revisions().get("od-0");
        c.patch(Resources.STATEFUL_SETS, ns, "od", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x:2\"}]}}}}");
        eventually("update revision", () -> !c.get(Resources.STATEFUL_SETS, ns, "od").path("status").path("updateRevision").asText().equals(oldRev));
        assertThat(revisions()).containsEntry("od-0", oldRev).containsEntry("od-1", oldRev);
        c.call(k -> k.delete(Resources.PODS, ns, "od-1", io.k3j.client.DeleteOptions.DEFAULT));
        eventually("od-1 recreated on the new revision", () -> revisions().size() == 2 && !oldRev.equals(revisions().get("od-1")));
        assertThat(revisions()).containsEntry("od-0", oldRev);
    }
}
