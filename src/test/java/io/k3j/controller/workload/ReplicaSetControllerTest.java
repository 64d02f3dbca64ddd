package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.k3j.controller.workload.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** The ReplicaSet and ReplicationController controllers inside a real in-process server. */
@ExtendWith(Cluster.Extension.class)
class ReplicaSetControllerTest {

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

    static String replicaSet(String name, int replicas) {
        return """
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"%s","tier":"web"}},
                   "spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""".formatted(name, replicas, name, name);
    }

    @Test
    void createsPodsWithControllerRefsAndReportsStatus() {
        ObjectNode rs = c.create(Resources.REPLICA_SETS, ns, replicaSet("web", 3));
        eventually("3 pods", () -> c.activePods(ns).size() == 3);
        for (ObjectNode p : c.activePods(ns)) {
            assertThat(Meta.name(p)).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
            JsonNode ref = OwnerRefs.controllerOf(p);
            assertThat(ref.path("kind").asText()).isEqualTo("ReplicaSet");
            assertThat(ref.path("uid").asText()).isEqualTo(Meta.uid(rs));
            assertThat(ref.path("blockOwnerDeletion").asBoolean()).isTrue();
            assertThat(p.path("metadata").path("labels").path("tier").asText()).isEqualTo("web");
        }
        eventually("status replicas 3", () -> c.get(Resources.REPLICA_SETS, ns, "web").path("status").path("replicas").asInt() == 3);
        ObjectNode status = (ObjectNode) c.get(Resources.REPLICA_SETS, ns, "web").path("status");
        assertThat(status.path("fullyLabeledReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("readyReplicas").asInt()).isZero();
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
        eventually("3 SuccessfulCreate events", () -> c.events(ns, "web").stream()
                .filter(e -> e.startsWith("SuccessfulCreate: Created pod: web-")).count() == 3);

        List<ObjectNode> pods = c.activePods(ns);
        c.makeReady(pods.get(0), "node-a");
        c.makeReady(pods.get(1), "node-a");
        eventually("2 ready and available", () -> {
            JsonNode s = c.get(Resources.REPLICA_SETS, ns, "web").path("status");
            return s.path("readyReplicas").asInt() == 2 && s.path("availableReplicas").asInt() == 2;
        });

        // Scaling down deletes the not-ready pod first, then one of the ready ones.
        String notReady = Meta.name(pods.get(2));
        c.patch(Resources.REPLICA_SETS, ns, "web", "{\"spec\":{\"replicas\":1}}");
        eventually("1 active pod", () -> c.activePods(ns).size() == 1);
        assertThat(c.activePods(ns)).extracting(Meta::name).doesNotContain(notReady);
        eventually("SuccessfulDelete event", () -> c.events(ns, "web").contains("SuccessfulDelete: Deleted pod: " + notReady));
        eventually("status follows", () -> {
            JsonNode s = c.get(Resources.REPLICA_SETS, ns, "web").path("status");
            return s.path("replicas").asInt() == 1 && s.path("observedGeneration").asLong() == 2;
        });
    }

    @Test
    void adoptsMatchingOrphansAndReleasesPodsThatStopMatching() {
        c.create(Resources.PODS, ns, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"orphan","labels":{"app":"adopt"}},
                 "spec":{"containers":[{"name":"c","image":"nginx"}]}}""");
        ObjectNode rs = c.create(Resources.REPLICA_SETS, ns, replicaSet("adopt", 2));
        eventually("2 pods, the orphan adopted", () -> {
            List<ObjectNode> pods = c.activePods(ns);
            return pods.size() == 2 && pods.stream().allMatch(p -> OwnerRefs.controlledBy(p, rs));
        });
        assertThat(c.activePods(ns)).extracting(Meta::name).contains("orphan");

        // Relabelled out of the selector: released (no controller left) and replaced.
        c.patch(Resources.PODS, ns, "orphan", "{\"metadata\":{\"labels\":{\"app\":\"other\"}}}");
        eventually("released", () -> OwnerRefs.controllerOf(c.get(Resources.PODS, ns, "orphan")) == null);
        eventually("replaced", () -> c.activePods(ns).stream().filter(p -> OwnerRefs.controlledBy(p, rs)).count() == 2);
        assertThat(c.activePods(ns)).hasSize(3);
    }

    @Test
    void replicationControllerKeepsItsReplicas() {
        c.create(Resources.REPLICATION_CONTROLLERS, ns, """
                {"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"rc"},
                 "spec":{"replicas":2,"template":{"metadata":{"labels":{"app":"rc"}},
                   "spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""");
        eventually("2 pods", () -> c.activePods(ns).size() == 2);
        Set<String> kinds = c.activePods(ns).stream().map(p -> OwnerRefs.controllerOf(p).path("kind").asText())
                .collect(Collectors.toSet());
        assertThat(kinds).containsExactly("ReplicationController");
        // A deleted pod is replaced.
        String victim = Meta.name(c.activePods(ns).getFirst());
        c.call(k -> k.delete(Resources.PODS, ns, victim, io.k3j.client.DeleteOptions.DEFAULT));
        eventually("replacement", () -> c.activePods(ns).size() == 2
                && c.activePods(ns).stream().noneMatch(p -> Meta.name(p).equals(victim)));
        eventually("status", () -> c.get(Resources.REPLICATION_CONTROLLERS, ns, "rc").path("status").path("replicas").asInt() == 2);
    }
}
