package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workload controllers driven by real kubectl 1.33 against the packaged k3j. Without a scheduler or kubelet yet,
 * pods stay Pending: these tests cover what kubectl sees of the controllers' objects and histories; rollouts that
 * need Ready pods come with the hollow nodes.
 */
@Tag("e2e")
class WorkloadsIT {

    private static ClassServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-workloads");
        kubectl = server.kubectl;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static void eventually(String what, Supplier<Boolean> cond) {
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

    static String get(String... args) {
        return kubectl.run(args).assertOk().out().trim();
    }

    @Test
    void deploymentScaleHistoryUndoPauseResumeRestart() {
        kubectl.run("create", "namespace", "dep").assertOk();
        assertThat(get("-n", "dep", "create", "deployment", "web", "--image=nginx:1.25", "--replicas=2"))
                .isEqualTo("deployment.apps/web created");
        eventually("a ReplicaSet and 2 pods", () -> get("-n", "dep", "get", "rs", "-o", "name").lines().count() == 1
                && get("-n", "dep", "get", "pods", "-o", "name").lines().count() == 2);
        String rs1 = get("-n", "dep", "get", "rs", "-o", "jsonpath={.items[0].metadata.name}");
        assertThat(rs1).matches("web-[bcdfghjklmnpqrstvwxz2456789]+");
        assertThat(get("-n", "dep", "get", "pods", "-o", "jsonpath={.items[*].metadata.name}")).contains(rs1 + "-");

        assertThat(get("-n", "dep", "scale", "deployment", "web", "--replicas=3")).isEqualTo("deployment.apps/web scaled");
        eventually("3 pods", () -> get("-n", "dep", "get", "pods", "-o", "name").lines().count() == 3);
        eventually("status", () -> get("-n", "dep", "get", "deployment", "web", "-o",
                "jsonpath={.status.replicas}/{.status.updatedReplicas}/{.status.observedGeneration}").equals("3/3/2"));

        get("-n", "dep", "set", "image", "deployment/web", "nginx=nginx:1.26");
        eventually("a second ReplicaSet", () -> get("-n", "dep", "get", "rs", "-o", "name").lines().count() == 2);
        eventually("revision 2", () -> get("-n", "dep", "rollout", "history", "deployment/web").contains("2 "));
        String history = get("-n", "dep", "rollout", "history", "deployment/web");
        assertThat(history).contains("REVISION", "1 ", "2 ");
        assertThat(get("-n", "dep", "rollout", "history", "deployment/web", "--revision=2")).contains("nginx:1.26");

        assertThat(get("-n", "dep", "rollout", "undo", "deployment/web")).isEqualTo("deployment.apps/web rolled back");
        eventually("the first ReplicaSet is revision 3", () -> get("-n", "dep", "get", "rs", rs1, "-o",
                "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}").equals("3"));
        assertThat(get("-n", "dep", "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("nginx:1.25");

        assertThat(get("-n", "dep", "rollout", "pause", "deployment/web")).isEqualTo("deployment.apps/web paused");
        eventually("paused condition", () -> get("-n", "dep", "get", "deployment", "web", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}").equals("DeploymentPaused"));
        assertThat(get("-n", "dep", "rollout", "resume", "deployment/web")).isEqualTo("deployment.apps/web resumed");
        eventually("resumed condition", () -> !get("-n", "dep", "get", "deployment", "web", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}").equals("DeploymentPaused"));

        assertThat(get("-n", "dep", "rollout", "restart", "deployment/web")).isEqualTo("deployment.apps/web restarted");
        eventually("a third ReplicaSet", () -> get("-n", "dep", "get", "rs", "-o", "name").lines().count() == 3);

        String describe = get("-n", "dep", "describe", "deployment", "web");
        assertThat(describe).contains("StrategyType:           RollingUpdate", "ScalingReplicaSet",
                "Scaled up replica set " + rs1 + " to 2 from 0");
        assertThat(get("-n", "dep", "describe", "rs", rs1)).contains("SuccessfulCreate", "Created pod: " + rs1 + "-");
    }

    @Test
    void jobsCronJobsStatefulSetsAndServiceEndpoints() {
        kubectl.run("create", "namespace", "batch").assertOk();
        get("-n", "batch", "create", "job", "pi", "--image=busybox");
        eventually("the job's pod", () -> get("-n", "batch", "get", "pods", "-l", "job-name=pi", "-o", "name").lines().count() == 1);
        // The Job's status is written after its pod is created, not with it: a reader can see the pod first.
        eventually("the job counts it active", () -> get("-n", "batch", "get", "job", "pi", "-o",
                "jsonpath={.status.active}").equals("1"));
        get("-n", "batch", "create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *");
        assertThat(get("-n", "batch", "get", "cronjob", "tick", "-o", "jsonpath={.spec.concurrencyPolicy}")).isEqualTo("Allow");

        get("-n", "batch", "create", "deployment", "api", "--image=nginx", "--port=8080");
        get("-n", "batch", "expose", "deployment", "api", "--port=80", "--target-port=8080");
        // Until the controller has written the slice, the list is empty and kubectl's jsonpath exits 1: wait, not fail.
        eventually("an EndpointSlice", () -> kubectl.run("-n", "batch", "get", "endpointslices", "-l",
                "kubernetes.io/service-name=api", "-o",
                "jsonpath={.items[0].metadata.labels.endpointslice\\.kubernetes\\.io/managed-by}").out().trim()
                .equals("endpointslice-controller.k8s.io"));
        eventually("Endpoints", () -> kubectl.run("-n", "batch", "get", "endpoints", "api").code() == 0);
    }
}
