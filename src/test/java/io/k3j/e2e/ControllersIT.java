package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core controllers as kubectl 1.33 users meet them: namespace deletion that completes, garbage collection in all
 * three propagation modes (ConfigMaps as owners and dependents), per-namespace defaults, node pod CIDRs.
 */
@Tag("e2e")
class ControllersIT {

    private static ClassServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-controllers");
        kubectl = server.kubectl;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Path file(String name, String content) throws Exception {
        return Files.writeString(server.dir.resolve(name), content);
    }

    /** Runs kubectl until its result satisfies {@code ok} (each run asks the server afresh). */
    private static Kubectl.Result eventually(String what, Predicate<Kubectl.Result> ok, String... args) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Kubectl.Result r;
        do {
            r = kubectl.run(args);
            if (ok.test(r)) {
                return r;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("timed out waiting for " + what + "; last: " + r);
    }

    private static String uid(String... target) {
        String[] args = new String[target.length + 3];
        System.arraycopy(target, 0, args, 0, target.length);
        args[target.length] = "-o";
        args[target.length + 1] = "jsonpath={.metadata.uid}";
        args[target.length + 2] = "--ignore-not-found=false";
        return kubectl.run(args).assertOk().out().trim();
    }

    @Test
    void deletingANamespaceWithContentCompletes() throws Exception {
        Path manifest = file("shop.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: shop}
                data: {color: blue}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: token, namespace: shop}
                stringData: {k: v}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: reader, namespace: shop}
                rules: []
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: shop}
                spec:
                  containers: [{name: web, image: nginx}]
                """);
        kubectl.run("apply", "-f", manifest.toString()).assertOk();
        eventually("default ServiceAccount", r -> r.code() == 0, "get", "serviceaccount", "default", "-n", "shop");
        eventually("root CA ConfigMap", r -> r.out().contains("BEGIN CERTIFICATE"),
                "get", "configmap", "kube-root-ca.crt", "-n", "shop", "-o", "jsonpath={.data.ca\\.crt}");

        Kubectl.Result deleted = kubectl.run("delete", "namespace", "shop", "--timeout=60s").assertOk();
        assertThat(deleted.out()).contains("namespace \"shop\" deleted");
        Kubectl.Result gone = kubectl.run("get", "namespace", "shop");
        assertThat(gone.code()).isNotZero();
        assertThat(gone.err()).contains("namespaces \"shop\" not found");
        assertThat(kubectl.run("get", "configmaps,secrets,roles,pods", "-n", "shop", "-o", "name").assertOk().out()).isBlank();
    }

    private static void ownerAndDependents(String mode, boolean block) throws Exception {
        String ns = "gc-" + mode;
        kubectl.run("create", "namespace", ns).assertOk();
        kubectl.run("create", "configmap", "owner", "-n", ns, "--from-literal=k=v").assertOk();
        String ownerUid = uid("get", "configmap", "owner", "-n", ns);
        StringBuilder yaml = new StringBuilder();
        for (String dep : new String[]{"dep-a", "dep-b"}) {
            yaml.append("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: %s
                      namespace: %s
                      ownerReferences:
                      - {apiVersion: v1, kind: ConfigMap, name: owner, uid: %s, blockOwnerDeletion: %s}
                    ---
                    """.formatted(dep, ns, ownerUid, block));
        }
        kubectl.run("apply", "-f", file(ns + ".yaml", yaml.toString()).toString()).assertOk();
    }

    @Test
    void backgroundCascadeDeletesDependents() throws Exception {
        ownerAndDependents("background", false);
        kubectl.run("delete", "configmap", "owner", "-n", "gc-background", "--cascade=background").assertOk();
        eventually("dependents gone", r -> r.code() == 0 && r.out().isBlank(),
                "get", "configmap", "dep-a", "dep-b", "-n", "gc-background", "-o", "name", "--ignore-not-found");
        kubectl.run("delete", "namespace", "gc-background", "--timeout=60s").assertOk();
    }

    @Test
    void foregroundCascadeDeletesDependentsBeforeTheOwner() throws Exception {
        ownerAndDependents("foreground", true);
        // kubectl waits for the owner to be gone; with foreground deletion its blocking dependents went first.
        kubectl.run("delete", "configmap", "owner", "-n", "gc-foreground", "--cascade=foreground", "--timeout=60s").assertOk();
        assertThat(kubectl.run("get", "configmap", "owner", "dep-a", "dep-b", "-n", "gc-foreground", "-o", "name",
                "--ignore-not-found").assertOk().out()).isBlank();
        kubectl.run("delete", "namespace", "gc-foreground", "--timeout=60s").assertOk();
    }

    @Test
    void orphanCascadeKeepsDependentsWithoutTheReference() throws Exception {
        ownerAndDependents("orphan", true);
        kubectl.run("delete", "configmap", "owner", "-n", "gc-orphan", "--cascade=orphan", "--timeout=60s").assertOk();
        assertThat(kubectl.run("get", "configmap", "owner", "-n", "gc-orphan", "--ignore-not-found", "-o", "name")
                .assertOk().out()).isBlank();
        for (String dep : new String[]{"dep-a", "dep-b"}) {
            assertThat(kubectl.run("get", "configmap", dep, "-n", "gc-orphan", "-o", "jsonpath={.metadata.ownerReferences}")
                    .assertOk().out()).isBlank();
        }
        kubectl.run("delete", "namespace", "gc-orphan", "--timeout=60s").assertOk();
    }

    @Test
    void nodesGetAPodCidr() throws Exception {
        Path node = file("node.yaml", """
                apiVersion: v1
                kind: Node
                metadata: {name: ipam-node}
                """);
        kubectl.run("create", "-f", node.toString()).assertOk();
        Kubectl.Result cidr = eventually("pod CIDR", r -> r.out().matches("10\\.42\\.\\d+\\.0/24"),
                "get", "node", "ipam-node", "-o", "jsonpath={.spec.podCIDR}");
        assertThat(kubectl.run("get", "node", "ipam-node", "-o", "jsonpath={.spec.podCIDRs[0]}").assertOk().out())
                .isEqualTo(cidr.out());
        kubectl.run("delete", "node", "ipam-node").assertOk();
    }
}
