package io.k3j.agent.hollow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.DeleteOptions;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeApiException;
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

class HollowNodesTest {

    static final ObjectMapper M = new ObjectMapper();
    @TempDir
    static Path dir;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient client;

    @BeforeAll
    static void boot() {
        server = InProcessServer.start(dir, "--hollow-nodes", "3", "--hollow-node-capacity", "cpu=2,pods=20");
        vertx = Vertx.vertx();
        client = server.adminClient(vertx);
    }

    @AfterAll
    static void shutdown() {
        client.close();
        await(vertx.close());
        server.close();
    }

    static boolean condition(ObjectNode obj, String type, String status) {
        for (var c : obj.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c.path("status").asText().equals(status);
            }
        }
        return false;
    }

    @Test
    void nodesRegisterReadyWithCapacityAndLeases() {
        until("3 ready nodes", Duration.ofSeconds(20), () -> {
            ObjectNode list = await(client.list(HollowNode.NODES, "", ListOptions.NONE));
            int ready = 0;
            for (var n : list.path("items")) {
                if (condition((ObjectNode) n, "Ready", "True")) {
                    ready++;
                }
            }
            return ready == 3;
        });
        ObjectNode node = await(client.get(HollowNode.NODES, "", "hollow-1"));
        assertThat(node.path("status").path("capacity").path("cpu").asText()).isEqualTo("2");
        assertThat(node.path("status").path("capacity").path("pods").asText()).isEqualTo("20");
        assertThat(node.path("status").path("capacity").path("memory").asText()).isEqualTo("8Gi");
        assertThat(node.path("metadata").path("labels").path("kubernetes.io/hostname").asText()).isEqualTo("hollow-1");
        until("lease", Duration.ofSeconds(20), () -> {
            try {
                return await(client.get(HollowNode.LEASES, "kube-node-lease", "hollow-1"))
                        .path("spec").path("holderIdentity").asText().equals("hollow-1");
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    static ObjectNode pod(String name, String node, String phase) {
        ObjectNode p = M.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = p.putObject("metadata").put("name", name);
        if (phase != null) {
            meta.putObject("annotations").put(HollowPodStatus.PHASE, phase);
        }
        ObjectNode spec = p.putObject("spec").put("nodeName", node);
        spec.putArray("containers").addObject().put("name", "c").put("image", "busybox");
        return p;
    }

    @Test
    void boundPodsRunAndDeletionsFinish() {
        await(client.create(HollowPods.PODS, "default", pod("runner", "hollow-2", null), WriteOptions.manager("t")));
        until("running and ready", Duration.ofSeconds(20), () -> {
            ObjectNode p = await(client.get(HollowPods.PODS, "default", "runner"));
            return p.path("status").path("phase").asText().equals("Running") && condition(p, "Ready", "True");
        });
        ObjectNode p = await(client.get(HollowPods.PODS, "default", "runner"));
        assertThat(p.path("status").path("podIP").asText()).startsWith("10.42.");
        assertThat(p.path("status").path("hostIP").asText()).startsWith("10.99.");
        assertThat(p.path("status").path("containerStatuses").get(0).path("ready").asBoolean()).isTrue();
        assertThat(p.path("status").path("qosClass").asText()).isEqualTo("BestEffort");
        // A graceful delete (30 s by default) is finished by the node at once.
        await(client.delete(HollowPods.PODS, "default", "runner", DeleteOptions.DEFAULT));
        until("gone", Duration.ofSeconds(20), () -> {
            try {
                await(client.get(HollowPods.PODS, "default", "runner"));
                return false;
            } catch (KubeApiException e) {
                return e.notFound();
            }
        });
    }

    @Test
    void podsCanAskToSucceedOrFail() {
        await(client.create(HollowPods.PODS, "default", pod("done", "hollow-0", "Succeeded"), WriteOptions.manager("t")));
        await(client.create(HollowPods.PODS, "default", pod("broken", "hollow-0", "Failed"), WriteOptions.manager("t")));
        until("terminal", Duration.ofSeconds(20), () ->
                await(client.get(HollowPods.PODS, "default", "done")).path("status").path("phase").asText().equals("Succeeded")
                        && await(client.get(HollowPods.PODS, "default", "broken")).path("status").path("phase").asText()
                        .equals("Failed"));
        ObjectNode failed = await(client.get(HollowPods.PODS, "default", "broken"));
        assertThat(failed.path("status").path("containerStatuses").get(0).path("state").path("terminated")
                .path("exitCode").asInt()).isEqualTo(1);
    }
}
