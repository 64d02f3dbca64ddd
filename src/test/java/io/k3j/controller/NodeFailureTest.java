package io.k3j.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeApiException;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** A node that stops heartbeating goes Unknown, gets tainted, and loses the pods that do not tolerate it. */
class NodeFailureTest {

    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final ObjectMapper M = new ObjectMapper();
    @TempDir
    static Path dir;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient client;

    @BeforeAll
    static void boot() {
        server = InProcessServer.start(dir, "--hollow-nodes", "2",
                "--kube-controller-manager-arg", "node-monitor-grace-period=15s",
                "--kube-controller-manager-arg", "node-monitor-period=500ms");
        vertx = Vertx.vertx();
        client = server.adminClient(vertx);
    }

    @AfterAll
    static void shutdown() {
        client.close();
        await(vertx.close());
        server.close();
    }

    /** Runs a client call on an event loop, as components make them, and waits for it on the test thread. */
    static <T> T call(java.util.function.Supplier<io.vertx.core.Future<T>> op) {
        io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
        vertx.runOnContext(v -> op.get().onComplete(p));
        return await(p.future());
    }

    static String ready(ObjectNode node) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("status").asText();
            }
        }
        return "";
    }

    static boolean exists(String name) {
        try {
            call(() -> client.get(PODS, "default", name));
            return true;
        } catch (KubeApiException e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    static boolean terminating(String name) {
        try {
            return call(() -> client.get(PODS, "default", name)).path("metadata").has("deletionTimestamp");
        } catch (KubeApiException e) {
            return e.notFound();
        }
    }

    static ObjectNode pod(String name, Long tolerationSeconds, boolean tolerate) {
        ObjectNode p = M.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        p.putObject("metadata").put("name", name);
        ObjectNode spec = p.putObject("spec").put("nodeName", "hollow-1");
        spec.putArray("containers").addObject().put("name", "c").put("image", "busybox");
        if (tolerate) {
            ObjectNode t = spec.putArray("tolerations").addObject().put("key", "node.kubernetes.io/unreachable")
                    .put("operator", "Exists").put("effect", "NoExecute");
            if (tolerationSeconds != null) {
                t.put("tolerationSeconds", tolerationSeconds);
            }
        }
        return p;
    }

    @Test
    void silentNodeIsTaintedAndItsPodsEvicted() {
        until("nodes ready", Duration.ofSeconds(30), () -> call(() -> client.list(NODES, "", ListOptions.NONE))
                .path("items").size() == 2 && ready(call(() -> client.get(NODES, "", "hollow-1"))).equals("True"));
        // DefaultTolerationSeconds gives a pod without its own toleration 300 s, as upstream: "intolerant" says 0 s.
        call(() -> client.create(PODS, "default", pod("intolerant", 0L, true), WriteOptions.manager("t")));
        call(() -> client.create(PODS, "default", pod("patient", null, true), WriteOptions.manager("t")));
        call(() -> client.create(PODS, "default", pod("brief", 2L, true), WriteOptions.manager("t")));
        call(() -> client.patch(NODES, "", "hollow-1", PatchType.MERGE,
                "{\"metadata\":{\"annotations\":{\"k3j.io/hollow-heartbeat\":\"false\"}}}", "", WriteOptions.manager("t")));
        until("node unknown and tainted", Duration.ofSeconds(30), () -> {
            ObjectNode n = call(() -> client.get(NODES, "", "hollow-1"));
            return ready(n).equals("Unknown") && n.path("spec").path("taints").size() == 2;
        });
        ObjectNode n = call(() -> client.get(NODES, "", "hollow-1"));
        assertThat(n.path("spec").path("taints").toString()).contains("node.kubernetes.io/unreachable", "NoExecute", "NoSchedule");
        // Evicted pods are deleted gracefully; the silent node never finishes that, so they stay terminating.
        until("intolerant and brief evicted", Duration.ofSeconds(30), () -> terminating("intolerant") && terminating("brief"));
        assertThat(terminating("patient")).isFalse();
        assertThat(ready(call(() -> client.get(NODES, "", "hollow-0")))).isEqualTo("True");
        // The node comes back: Ready again, taints gone, and it finishes the pending deletions.
        call(() -> client.patch(NODES, "", "hollow-1", PatchType.MERGE,
                "{\"metadata\":{\"annotations\":{\"k3j.io/hollow-heartbeat\":\"true\"}}}", "", WriteOptions.manager("t")));
        until("node ready, untainted", Duration.ofSeconds(30), () -> {
            ObjectNode back = call(() -> client.get(NODES, "", "hollow-1"));
            return ready(back).equals("True") && back.path("spec").path("taints").isEmpty();
        });
        until("evicted pods gone", Duration.ofSeconds(30), () -> !exists("intolerant") && !exists("brief"));
        assertThat(exists("patient")).isTrue();
    }
}
