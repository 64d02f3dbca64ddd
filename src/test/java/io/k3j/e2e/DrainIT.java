package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl drain} (real kubectl 1.33) against hollow nodes: it evicts through pods/eviction, and a
 * PodDisruptionBudget kept by the disruption controller lets the Deployment's pods go one at a time.
 */
@Tag("e2e")
class DrainIT {

    private static ClassServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-drain", "--hollow-nodes", "2");
        kubectl = server.kubectl;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static void eventually(String what, Supplier<Boolean> cond) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!cond.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(250);
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
    void drainEvictsOneAtATimeWithinTheBudget() {
        eventually("two ready nodes", () -> kubectl.run("get", "nodes", "-o",
                "jsonpath={.items[*].status.conditions[?(@.type==\"Ready\")].status}").out().trim().equals("True True"));
        // Every pod on hollow-0 first, so draining it must evict all three past a budget of one.
        get("cordon", "hollow-1");
        get("create", "namespace", "drain");
        get("-n", "drain", "create", "deployment", "web", "--image=nginx", "--replicas=3");
        assertThat(get("-n", "drain", "create", "pdb", "web", "--selector=app=web", "--max-unavailable=1"))
                .isEqualTo("poddisruptionbudget.policy/web created");
        eventually("three ready pods on hollow-0", () -> get("-n", "drain", "get", "pods", "-o",
                "jsonpath={range .items[*]}{.spec.nodeName}/{.status.conditions[?(@.type==\"Ready\")].status} {end}")
                .equals("hollow-0/True hollow-0/True hollow-0/True"));
        eventually("one allowed disruption", () -> get("-n", "drain", "get", "pdb", "web", "-o",
                "jsonpath={.status.disruptionsAllowed}").equals("1"));
        String table = get("-n", "drain", "get", "pdb");
        assertThat(table.lines().findFirst().orElseThrow()).contains("MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS");
        assertThat(table.lines().skip(1).findFirst().orElseThrow().split("\\s+")).startsWith("web", "N/A", "1", "1");
        get("uncordon", "hollow-1");

        Kubectl.Result drain = kubectl.run("drain", "hollow-0", "--ignore-daemonsets", "--delete-emptydir-data",
                "--timeout=80s");
        String all = drain.out() + drain.err();
        assertThat(drain.code()).as(all).isZero();
        assertThat(all).contains("node/hollow-0 cordoned", "evicting pod drain/web-", "node/hollow-0 drained");
        // The budget allowed one eviction at a time: drain was told to wait and retried.
        assertThat(all).contains("Cannot evict pod as it would violate the pod's disruption budget.", "will retry after 5s");
        assertThat(all.lines().filter(l -> l.startsWith("pod/web-") && l.endsWith(" evicted")).count()).isEqualTo(3);

        eventually("three ready pods on hollow-1", () -> get("-n", "drain", "get", "pods", "-o",
                "jsonpath={range .items[*]}{.spec.nodeName}/{.status.conditions[?(@.type==\"Ready\")].status} {end}")
                .equals("hollow-1/True hollow-1/True hollow-1/True"));
        eventually("the budget recovered", () -> get("-n", "drain", "get", "pdb", "web", "-o",
                "jsonpath={.status.currentHealthy}/{.status.disruptionsAllowed}").equals("3/1"));
        get("uncordon", "hollow-0");
        get("delete", "namespace", "drain", "--wait=false");
    }
}
