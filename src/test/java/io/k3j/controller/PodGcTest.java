package io.k3j.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static io.k3j.controller.NamespaceControllerTest.named;
import static io.k3j.controller.NamespaceControllerTest.pod;
import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** The pod garbage collector: pods of vanished nodes, and terminated pods above the threshold (set to 2 here). */
class PodGcTest {

    static final GroupVersionResource PODS = NamespaceControllerTest.PODS;
    static final GroupVersionResource NODES = NamespaceControllerTest.NODES;
    static final String NS = "podgc";

    @TempDir
    static Path dir;
    static CoreControllerServer k3j;

    @BeforeAll
    static void boot() {
        k3j = CoreControllerServer.start(dir, "--kube-controller-manager-arg", "terminated-pod-gc-threshold=2");
        k3j.createNamespace(NS);
    }

    @AfterAll
    static void shutdown() {
        if (k3j != null) {
            k3j.deleteNamespace(NS);
            k3j.close();
        }
    }

    @Test
    void podsOfANodeThatIsGoneAreDeletedAfterTheQuarantine() {
        k3j.create(NODES, "", named("v1", "Node", "podgc-node"));
        long t0 = System.nanoTime();
        k3j.create(PODS, NS, pod("on-missing-node", "no-such-node"));
        k3j.create(PODS, NS, pod("on-live-node", "podgc-node"));
        k3j.delete(NODES, "", "podgc-node", DeleteOptions.DEFAULT);

        k3j.waitGone(PODS, NS, "on-missing-node");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("upstream's 40 s quarantine").isGreaterThan(Duration.ofSeconds(39));
        k3j.waitGone(PODS, NS, "on-live-node");
    }

    @Test
    void terminatedPodsAboveTheThresholdGoOldestFirst() {
        // creationTimestamp has one-second resolution: let the clock tick between pods so their age is distinct.
        for (int i = 0; i < 4; i++) {
            ObjectNode created = k3j.create(PODS, NS, pod("done-" + i, null));
            Instant at = Instant.parse(created.path("metadata").path("creationTimestamp").asText());
            until("the next second", Duration.ofSeconds(3), () -> Instant.now().getEpochSecond() > at.getEpochSecond());
        }
        for (int i = 0; i < 4; i++) {
            await(k3j.client.patch(PODS, NS, "done-" + i, PatchType.MERGE, "{\"status\":{\"phase\":\"Succeeded\"}}",
                    "status", CoreControllerServer.TEST));
        }
        k3j.waitGone(PODS, NS, "done-0");
        k3j.waitGone(PODS, NS, "done-1");
        assertThat(k3j.getOrNull(PODS, NS, "done-2")).isNotNull();
        assertThat(k3j.getOrNull(PODS, NS, "done-3")).isNotNull();
    }
}
