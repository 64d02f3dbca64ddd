package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Node authorizer and NodeRestriction against a real k3j, driven by real kubectl 1.33 as two kubelets:
 * {@code system:node:n1} and {@code system:node:n2} (group system:nodes), with client certificates from the
 * server's client CA. A node reads the secrets and configmaps of pods bound to it and nothing else, lists no
 * secrets, and writes only its own Node, Lease and pods' status; refusals carry upstream's texts.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAuthorizationIT {

    private static final String FIXTURE = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: app}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: kube-node-lease}
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: n2}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: runner, namespace: app}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: s1, namespace: app}
            data: {k: b25l}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: s2, namespace: app}
            data: {k: dHdv}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c1, namespace: app}
            data: {k: one}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p1, namespace: app}
            spec:
              nodeName: n1
              serviceAccountName: runner
              tolerations: [{operator: Exists}]
              containers:
              - name: c
                image: busybox
                envFrom: [{configMapRef: {name: c1}}]
              volumes: [{name: s, secret: {secretName: s1}}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p2, namespace: app}
            spec:
              nodeName: n2
              serviceAccountName: runner
              tolerations: [{operator: Exists}]
              containers: [{name: c, image: busybox}]
              volumes: [{name: s, secret: {secretName: s2}}]
            """;

    private static ClassServer server;
    private static RbacUsers users;
    private static final String N1 = "system:node:n1";
    private static Kubectl n1;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-nodeauth");
        users = new RbacUsers(server.k3j, server.dir.resolve("users"));
        n1 = users.add(N1, "system:nodes").kubectl();
        users.add("system:node:n2", "system:nodes");
        Path fixture = Files.writeString(server.dir.resolve("fixture.yaml"), FIXTURE);
        server.kubectl.run("apply", "-f", fixture.toString()).assertOk();
        // n1 registers its Node as a kubelet does (the pod GC deletes pods of nodes that stay missing for 40 s).
        Path node1 = Files.writeString(server.dir.resolve("n1.yaml"), """
                apiVersion: v1
                kind: Node
                metadata:
                  name: n1
                  labels: {kubernetes.io/hostname: n1, kubernetes.io/os: linux}
                """);
        n1.run("create", "-f", node1.toString()).assertOk();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static void eventually(String what, Supplier<Boolean> cond) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!cond.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The Status message of a 403 kubectl printed (without kubectl's "error when creating <file>: " prefix). */
    static String forbidden(Kubectl.Result r) {
        assertThat(r.code()).as("stdout: %s", r.out()).isNotZero();
        assertThat(r.err()).startsWith("Error from server (Forbidden): ");
        String msg = r.err().trim().substring("Error from server (Forbidden): ".length());
        if (msg.startsWith("error when creating \"")) {
            msg = msg.substring(msg.indexOf("\": ") + 3);
        }
        return msg;
    }

    /** kubectl create token's refusal: it prints the Status message after its own prefix. */
    static String tokenRefusal(Kubectl.Result r) {
        assertThat(r.code()).as("stdout: %s", r.out()).isNotZero();
        assertThat(r.err()).startsWith("error: failed to create token: ");
        return r.err().trim().substring("error: failed to create token: ".length());
    }

    /**
     * A merge patch of a status subresource as a kubelet sends it (kubectl patch --subresource=status reads the
     * subresource first, which the system:node rules do not grant, upstream either).
     */
    static java.net.http.HttpResponse<String> patchStatus(String user, String path, String patch) throws Exception {
        return users.send(user, "PATCH", path + "/status", patch, "Content-Type", "application/merge-patch+json");
    }

    static String message(java.net.http.HttpResponse<String> r) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("message").asText();
    }

    static String denied(String resource, String name, String verb, String plural, String group, String ns, String why) {
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        String what = name.isEmpty() ? qualified + " is forbidden" : qualified + " \"" + name + "\" is forbidden";
        return what + ": User \"system:node:n1\" cannot " + verb + " resource \"" + plural + "\" in API group \"" + group
                + "\"" + (ns.isEmpty() ? " at the cluster scope" : " in the namespace \"" + ns + "\"")
                + (why.isEmpty() ? "" : ": " + why);
    }

    @Test
    @Order(1)
    void aNodeReadsTheSecretsAndConfigMapsOfItsOwnPodsOnly() {
        eventually("n1 may read s1", () -> n1.run("get", "secret", "s1", "-n", "app").code() == 0);
        assertThat(n1.run("get", "secret", "s1", "-n", "app", "-o", "jsonpath={.data.k}").assertOk().out())
                .isEqualTo("b25l");
        n1.run("get", "configmap", "c1", "-n", "app").assertOk();
        assertThat(forbidden(n1.run("get", "secret", "s2", "-n", "app"))).isEqualTo(denied("secrets", "s2", "get",
                "secrets", "", "app", "no relationship found between node 'n1' and this object"));
        assertThat(forbidden(n1.run("get", "secrets", "-n", "app")))
                .isEqualTo(denied("secrets", "", "list", "secrets", "", "app", "No Object name found"));
        assertThat(forbidden(n1.run("get", "secrets", "-A")))
                .isEqualTo(denied("secrets", "", "list", "secrets", "", "", "can only read namespaced object of this type"));
        assertThat(forbidden(n1.run("delete", "secret", "s1", "-n", "app")))
                .isEqualTo(denied("secrets", "s1", "delete", "secrets", "", "app", "can only read resources of this type"));
        // A named watch (field selector metadata.name) is authorized like a get, as upstream.
        assertThat(n1.run("get", "secrets", "-n", "app", "--field-selector", "metadata.name=s1", "-o", "name")
                .assertOk().out().trim()).isEqualTo("secret/s1");
        // kubectl auth can-i asks the same chain (SelfSubjectAccessReview).
        assertThat(n1.run("auth", "can-i", "get", "secrets/s1", "-n", "app").out().trim()).isEqualTo("yes");
        assertThat(n1.run("auth", "can-i", "get", "secrets/s2", "-n", "app").out().trim())
                .isEqualTo("no - no relationship found between node 'n1' and this object");
        assertThat(n1.run("auth", "can-i", "list", "secrets", "-n", "app").out().trim()).isEqualTo("no - No Object name found");
        // n2 the other way round.
        Kubectl n2 = users.get("system:node:n2").kubectl();
        eventually("n2 may read s2", () -> n2.run("get", "secret", "s2", "-n", "app").code() == 0);
        assertThat(n2.run("get", "secret", "s1", "-n", "app").code()).isNotZero();
    }

    @Test
    @Order(2)
    void accessEndsWithThePod() {
        Path extra = server.dir.resolve("p3.yaml");
        try {
            Files.writeString(extra, """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p3, namespace: app}
                    spec:
                      nodeName: n1
                      tolerations: [{operator: Exists}]
                      containers: [{name: c, image: busybox}]
                      volumes: [{name: s, secret: {secretName: s2}}]
                    """);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        server.kubectl.run("apply", "-f", extra.toString()).assertOk();
        eventually("n1 may read s2 through p3", () -> n1.run("get", "secret", "s2", "-n", "app").code() == 0);
        server.kubectl.run("delete", "pod", "p3", "-n", "app", "--grace-period=0", "--force").assertOk();
        eventually("n1 loses s2 with p3", () -> n1.run("get", "secret", "s2", "-n", "app").code() != 0);
        eventually("p3 is gone", () -> server.kubectl.run("get", "pod", "p3", "-n", "app").code() != 0);
    }

    @Test
    @Order(3)
    void aNodeUpdatesOnlyItsOwnNode() throws Exception {
        Path node2 = Files.writeString(server.dir.resolve("n2.yaml"), """
                apiVersion: v1
                kind: Node
                metadata: {name: n2}
                """);
        // NodeRestriction refuses before the store would say the Node exists.
        assertThat(forbidden(n1.run("create", "-f", node2.toString())))
                .isEqualTo("nodes \"n2\" is forbidden: node \"n1\" is not allowed to modify node \"n2\"");
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String ready = "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\","
                + "\"message\":\"ok\",\"lastHeartbeatTime\":\"" + now + "\",\"lastTransitionTime\":\"" + now + "\"}]}}";
        assertThat(patchStatus(N1, "/api/v1/nodes/n1", ready).statusCode()).isEqualTo(200);
        assertThat(server.kubectl.run("get", "node", "n1", "-o", "jsonpath={.status.conditions[0].reason}").assertOk().out())
                .isEqualTo("KubeletReady");
        var other = patchStatus(N1, "/api/v1/nodes/n2", ready);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(message(other)).isEqualTo("nodes \"n2\" is forbidden: node \"n1\" is not allowed to modify node \"n2\"");
        n1.run("label", "node", "n1", "topology.kubernetes.io/zone=z1").assertOk();
        assertThat(forbidden(n1.run("label", "node", "n1", "node-restriction.kubernetes.io/trusted=yes"))).isEqualTo(
                "nodes \"n1\" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/trusted");
        assertThat(forbidden(n1.run("taint", "node", "n1", "dedicated=gpu:NoSchedule")))
                .isEqualTo("nodes \"n1\" is forbidden: node \"n1\" is not allowed to modify taints");
        assertThat(forbidden(n1.run("delete", "node", "n2")))
                .isEqualTo(denied("nodes", "n2", "delete", "nodes", "", "", ""));
    }

    @Test
    @Order(4)
    void aNodeHoldsOnlyItsOwnLease() throws Exception {
        String lease = """
                apiVersion: coordination.k8s.io/v1
                kind: Lease
                metadata: {name: %s, namespace: kube-node-lease}
                spec: {holderIdentity: %s, leaseDurationSeconds: 40}
                """;
        Path l1 = Files.writeString(server.dir.resolve("l1.yaml"), lease.formatted("n1", "n1"));
        Path l2 = Files.writeString(server.dir.resolve("l2.yaml"), lease.formatted("n2", "n2"));
        n1.run("create", "-f", l1.toString()).assertOk();
        n1.run("annotate", "lease", "n1", "-n", "kube-node-lease", "renewed=1").assertOk();
        assertThat(forbidden(n1.run("create", "-f", l2.toString()))).isEqualTo("leases.coordination.k8s.io \"n2\" is "
                + "forbidden: can only access node lease with the same name as the requesting node");
        server.kubectl.run("create", "-f", l2.toString()).assertOk();
        assertThat(forbidden(n1.run("annotate", "lease", "n2", "-n", "kube-node-lease", "renewed=1")))
                .isEqualTo(denied("leases", "n2", "get", "leases", "coordination.k8s.io", "kube-node-lease",
                        "can only access node lease with the same name as the requesting node"));
        assertThat(forbidden(n1.run("get", "lease", "n1", "-n", "kube-system"))).isEqualTo(denied("leases", "n1", "get",
                "leases", "coordination.k8s.io", "kube-system", "can only access leases in the \"kube-node-lease\" system namespace"));
    }

    @Test
    @Order(5)
    void aNodeReportsStatusOfItsOwnPodsAndCreatesOnlyMirrorPods() throws Exception {
        String running = "{\"status\":{\"phase\":\"Running\"}}";
        assertThat(patchStatus(N1, "/api/v1/namespaces/app/pods/p1", running).statusCode()).isEqualTo(200);
        assertThat(server.kubectl.run("get", "pod", "p1", "-n", "app", "-o", "jsonpath={.status.phase}").assertOk().out())
                .isEqualTo("Running");
        var other = patchStatus(N1, "/api/v1/namespaces/app/pods/p2", running);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(message(other)).isEqualTo("pods \"p2\" is forbidden: node \"n1\" can only update pod status for "
                + "pods with spec.nodeName set to itself");
        assertThat(forbidden(n1.run("delete", "pod", "p2", "-n", "app")))
                .isEqualTo("pods \"p2\" is forbidden: node \"n1\" can only delete pods with spec.nodeName set to itself");
        Path pod = Files.writeString(server.dir.resolve("own.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: own, namespace: app}
                spec:
                  nodeName: n1
                  containers: [{name: c, image: busybox}]
                """);
        assertThat(forbidden(n1.run("create", "-f", pod.toString()))).isEqualTo("pods \"own\" is forbidden: pod does "
                + "not have \"kubernetes.io/config.mirror\" annotation, node \"n1\" can only create mirror pods");
        assertThat(n1.run("get", "pod", "p1", "-n", "app").code()).as("node rules: pods are readable").isZero();
    }

    @Test
    @Order(6)
    void aNodeRequestsTokensOnlyForItsPods() {
        String p1 = server.kubectl.run("get", "pod", "p1", "-n", "app", "-o", "jsonpath={.metadata.uid}").assertOk().out();
        String p2 = server.kubectl.run("get", "pod", "p2", "-n", "app", "-o", "jsonpath={.metadata.uid}").assertOk().out();
        String token = n1.run("create", "token", "runner", "-n", "app", "--bound-object-kind", "Pod",
                "--bound-object-name", "p1", "--bound-object-uid", p1).assertOk().out().trim();
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(tokenRefusal(n1.run("create", "token", "runner", "-n", "app", "--bound-object-kind", "Pod",
                "--bound-object-name", "p2", "--bound-object-uid", p2))).isEqualTo("serviceaccounts \"runner\" is "
                + "forbidden: node requested token bound to a pod scheduled on a different node");
        assertThat(tokenRefusal(n1.run("create", "token", "runner", "-n", "app")))
                .isEqualTo("serviceaccounts \"runner\" is forbidden: node requested token not bound to a pod");
        // The Node authorizer: no pod on n1 runs as "default".
        assertThat(tokenRefusal(n1.run("create", "token", "default", "-n", "app", "--bound-object-kind", "Pod",
                "--bound-object-name", "p1", "--bound-object-uid", p1))).isEqualTo(denied("serviceaccounts", "default",
                "create", "serviceaccounts/token", "", "app", "no relationship found between node 'n1' and this object"));
    }
}
