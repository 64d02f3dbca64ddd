package io.k3j.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.ListOptions;
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

/** The scheduler verticle against a real server with hollow nodes: binds, places by constraints, reports failures. */
class SchedulerVerticleTest {

    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    static final ObjectMapper M = new ObjectMapper();
    @TempDir
    static Path dir;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient client;

    @BeforeAll
    static void boot() {
        server = InProcessServer.start(dir, "--hollow-nodes", "3", "--hollow-node-capacity", "cpu=2,memory=4Gi,pods=10");
        vertx = Vertx.vertx();
        client = server.adminClient(vertx);
        // Ready, not just registered: a node object exists before its status (allocatable) is posted, and a pod
        // scheduled in between would skip it and spoil the spreading the tests expect.
        until("3 nodes ready", Duration.ofSeconds(30), () -> {
            var items = await(client.list(new GroupVersionResource("", "v1", "nodes"), "", ListOptions.NONE)).path("items");
            int ready = 0;
            for (var n : items) {
                for (var c : n.path("status").path("conditions")) {
                    if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
                        ready++;
                    }
                }
            }
            return ready == 3;
        });
    }

    @AfterAll
    static void shutdown() {
        client.close();
        await(vertx.close());
        server.close();
    }

    static ObjectNode pod(String name, String cpu, String hostname) {
        ObjectNode p = M.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        p.putObject("metadata").put("name", name);
        ObjectNode spec = p.putObject("spec");
        ObjectNode c = spec.putArray("containers").addObject().put("name", "c").put("image", "busybox");
        if (cpu != null) {
            c.putObject("resources").putObject("requests").put("cpu", cpu);
        }
        if (hostname != null) {
            spec.putObject("nodeSelector").put("kubernetes.io/hostname", hostname);
        }
        return p;
    }

    static ObjectNode get(String name) {
        return await(client.get(PODS, "default", name));
    }

    @Test
    void podsAreBoundAndRun() {
        for (int i = 0; i < 6; i++) {
            await(client.create(PODS, "default", pod("web-" + i, "500m", null), WriteOptions.manager("t")));
        }
        until("all running", Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 6; i++) {
                if (!get("web-" + i).path("status").path("phase").asText().equals("Running")) {
                    return false;
                }
            }
            return true;
        });
        // Least-allocated scoring spreads them: two per node.
        java.util.Map<String, Integer> perNode = new java.util.HashMap<>();
        for (int i = 0; i < 6; i++) {
            perNode.merge(get("web-" + i).path("spec").path("nodeName").asText(), 1, Integer::sum);
        }
        assertThat(perNode).hasSize(3).allSatisfy((n, c) -> assertThat(c).isEqualTo(2));
    }

    @Test
    void nodeSelectorPicksTheNode() {
        await(client.create(PODS, "default", pod("pinned", null, "hollow-2"), WriteOptions.manager("t")));
        until("bound", Duration.ofSeconds(30), () -> get("pinned").path("spec").path("nodeName").asText().equals("hollow-2"));
    }

    @Test
    void aPodThatFitsNowhereGetsFailedSchedulingWithUpstreamText() {
        await(client.create(PODS, "default", pod("huge", "64", null), WriteOptions.manager("t")));
        until("unschedulable", Duration.ofSeconds(30), () -> {
            for (JsonNode c : get("huge").path("status").path("conditions")) {
                if (c.path("type").asText().equals("PodScheduled") && c.path("reason").asText().equals("Unschedulable")) {
                    return true;
                }
            }
            return false;
        });
        String message = "";
        for (JsonNode c : get("huge").path("status").path("conditions")) {
            if (c.path("type").asText().equals("PodScheduled")) {
                message = c.path("message").asText();
            }
        }
        assertThat(message).startsWith("0/3 nodes are available: 3 Insufficient cpu.");
        until("event", Duration.ofSeconds(30), () -> {
            for (JsonNode e : await(client.list(EVENTS, "default", ListOptions.NONE)).path("items")) {
                if (e.path("reason").asText().equals("FailedScheduling")
                        && e.path("involvedObject").path("name").asText().equals("huge")) {
                    return e.path("type").asText().equals("Warning");
                }
            }
            return false;
        });
    }
}
