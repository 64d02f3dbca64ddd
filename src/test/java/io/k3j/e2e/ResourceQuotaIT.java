package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ResourceQuota end to end: the packaged k3j with one hollow node (so pods run and can finish), driven by real
 * kubectl 1.33. The controller fills the quota's status, admission charges and refuses with upstream's texts,
 * {@code kubectl describe quota} shows used/hard, and deleted or finished pods give their quota back.
 */
@Tag("e2e")
class ResourceQuotaIT {

    private static final String NS = "quota";
    private static Path dir;
    private static K3jProcess k3j;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        dir = Files.createTempDirectory("k3j-quota");
        k3j = K3jProcess.start(dir.resolve("data"), K3jProcess.freePort(), "--hollow-nodes", "1",
                "--kube-controller-manager-arg", "resource-quota-sync-period=5s").awaitReady(Duration.ofSeconds(90));
        kubectl = new Kubectl(k3j.kubeconfig());
    }

    @AfterAll
    static void stop() throws Exception {
        if (kubectl != null) {
            kubectl.run("delete", "namespace", NS, "--wait=false");
        }
        if (k3j != null) {
            k3j.close();
        }
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void quotaIsCountedChargedEnforcedAndReleased() throws IOException {
        get("create", "namespace", NS);
        // The root CA publisher's configmap counts too: let it land before the quota is counted.
        eventually("kube-root-ca.crt", () -> kubectl.run("-n", NS, "get", "configmap", "kube-root-ca.crt").code() == 0);
        get("-n", NS, "create", "quota", "q", "--hard=pods=2,configmaps=3,requests.cpu=1");
        eventually("the controller counted the namespace", () -> get("-n", NS, "get", "quota", "q", "-o",
                "jsonpath={.status.used.pods}/{.status.used.configmaps}/{.status.used.requests\\.cpu}").equals("0/1/0"));

        Kubectl.Result noCpu = apply(pod("nocpu", null, false));
        assertThat(noCpu.code()).isNotZero();
        assertThat(noCpu.err()).contains("pods \"nocpu\" is forbidden: failed quota: q: must specify requests.cpu for: c");

        apply(pod("p1", "300m", false)).assertOk();
        apply(pod("p2", "300m", true)).assertOk();
        Kubectl.Result over = apply(pod("p3", "300m", false));
        assertThat(over.code()).isNotZero();
        assertThat(over.err()).contains("pods \"p3\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");

        get("-n", NS, "create", "configmap", "cm1");
        get("-n", NS, "create", "configmap", "cm2");
        Kubectl.Result cm = kubectl.run("-n", NS, "create", "configmap", "cm3");
        assertThat(cm.code()).isNotZero();
        assertThat(cm.err()).contains("configmaps \"cm3\" is forbidden: exceeded quota: q, requested: configmaps=1, "
                + "used: configmaps=3, limited: configmaps=3");

        String describe = get("-n", NS, "describe", "quota", "q");
        assertThat(describe).containsPattern("configmaps\\s+3\\s+3").containsPattern("pods\\s+2\\s+2")
                .containsPattern("requests.cpu\\s+600m\\s+1");

        get("-n", NS, "delete", "pod", "p1", "--grace-period=0", "--force");
        eventually("a deleted pod gives its quota back", () -> get("-n", NS, "describe", "quota", "q")
                .matches("(?s).*pods\\s+1\\s+2.*requests.cpu\\s+300m\\s+1.*"));
        apply(pod("p3", "300m", false)).assertOk();

        // p2 carries the hollow node's annotation to succeed: a finished pod no longer uses pods or cpu.
        eventually("a finished pod gives its quota back", () -> get("-n", NS, "get", "quota", "q", "-o",
                "jsonpath={.status.used.pods}/{.status.used.requests\\.cpu}").equals("1/300m"));
    }

    private static String pod(String name, String cpu, boolean succeeds) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n"
                + (succeeds ? "  annotations:\n    k3j.io/hollow-phase: Succeeded\n    k3j.io/hollow-run-seconds: \"20\"\n" : "")
                + "spec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox\n"
                + (cpu == null ? "" : "    resources:\n      requests:\n        cpu: " + cpu + "\n");
    }

    private static Kubectl.Result apply(String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "pod", ".yaml");
        try {
            Files.writeString(f, yaml);
            return kubectl.run("-n", NS, "create", "-f", f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static String get(String... args) {
        return kubectl.run(args).assertOk().out().trim();
    }

    private static void eventually(String what, Supplier<Boolean> cond) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!cond.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
