package io.k3j.controller.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
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
import java.util.ArrayList;
import java.util.List;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * pods/eviction against a Deployment on hollow nodes with a PodDisruptionBudget kept by the disruption
 * controller: one eviction spends the budget, the next is refused with 429 until a replacement is ready.
 */
class EvictionTest {

    static final ObjectMapper M = new ObjectMapper();
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");
    static final GroupVersionResource PDBS = DisruptionController.PDBS;
    static final WriteOptions W = WriteOptions.manager("eviction-test");
    static final String NS = "evict";

    @TempDir
    static Path dir;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient client;

    @BeforeAll
    static void boot() {
        server = InProcessServer.start(dir, "--hollow-nodes", "2");
        vertx = Vertx.vertx();
        client = server.adminClient(vertx);
        ObjectNode ns = M.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", NS);
        await(client.create(NAMESPACES, "", ns, W));
    }

    @AfterAll
    static void shutdown() {
        if (client != null) {
            await(client.delete(NAMESPACES, "", NS, DeleteOptions.DEFAULT).recover(e -> io.vertx.core.Future.succeededFuture()));
            client.close();
            await(vertx.close());
        }
        if (server != null) {
            server.close();
        }
    }

    static ObjectNode deployment(String name, int replicas) {
        ObjectNode d = M.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", name);
        ObjectNode spec = d.putObject("spec").put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode tpl = spec.putObject("template");
        tpl.putObject("metadata").putObject("labels").put("app", name);
        tpl.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "nginx");
        return d;
    }

    static ObjectNode pdb(String name, String app, String field, Object value) {
        ObjectNode p = M.createObjectNode().put("apiVersion", "policy/v1").put("kind", "PodDisruptionBudget");
        p.putObject("metadata").put("name", name);
        ObjectNode spec = p.putObject("spec");
        if (value instanceof Integer i) {
            spec.put(field, i);
        } else {
            spec.put(field, (String) value);
        }
        spec.putObject("selector").putObject("matchLabels").put("app", app);
        return p;
    }

    static ObjectNode eviction(String pod, Integer grace) {
        ObjectNode e = M.createObjectNode().put("apiVersion", "policy/v1").put("kind", "Eviction");
        e.putObject("metadata").put("name", pod).put("namespace", NS);
        if (grace != null) {
            e.putObject("deleteOptions").put("gracePeriodSeconds", grace);
        }
        return e;
    }

    static List<ObjectNode> readyPods(String app) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode p : await(client.list(PODS, NS, ListOptions.NONE.withLabelSelector("app=" + app))).path("items")) {
            if (!p.path("metadata").has("deletionTimestamp") && BudgetMath.ready(p)) {
                out.add((ObjectNode) p);
            }
        }
        return out;
    }

    static JsonNode budgetStatus(String name) {
        return await(client.get(PDBS, NS, name)).path("status");
    }

    static KubeApiException evictFails(String pod) {
        KubeApiException[] out = new KubeApiException[1];
        assertThatThrownBy(() -> await(client.createSubresource(PODS, NS, pod, "eviction", eviction(pod, 0), W)))
                .isInstanceOfSatisfying(KubeApiException.class, e -> out[0] = e);
        return out[0];
    }

    @Test
    void evictionsSpendTheBudgetAndAreRefusedWhenItIsGone() {
        await(client.create(DEPLOYMENTS, NS, deployment("web", 3), W));
        await(client.create(PDBS, NS, pdb("web", "web", "maxUnavailable", 1), W));
        until("3 ready pods and one allowed disruption", Duration.ofSeconds(60), () -> readyPods("web").size() == 3
                && budgetStatus("web").path("disruptionsAllowed").asInt() == 1
                && budgetStatus("web").path("currentHealthy").asInt() == 3);
        JsonNode status = budgetStatus("web");
        assertThat(status.path("expectedPods").asInt()).isEqualTo(3);
        assertThat(status.path("desiredHealthy").asInt()).isEqualTo(2);
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
        assertThat(status.path("conditions").get(0).path("reason").asText()).isEqualTo("SufficientPods");

        List<ObjectNode> pods = readyPods("web");
        String first = pods.get(0).path("metadata").path("name").asText();
        String second = pods.get(1).path("metadata").path("name").asText();
        ObjectNode ok = await(client.createSubresource(PODS, NS, first, "eviction", eviction(first, 0), W));
        assertThat(ok.path("status").asText()).isEqualTo("Success");

        // Spent until the Deployment's replacement is ready: the next eviction is refused.
        KubeApiException refused = evictFails(second);
        if (refused.code() == 429) {
            assertThat(refused.reason()).isEqualTo("TooManyRequests");
            assertThat(refused.getMessage()).contains("Cannot evict pod as it would violate the pod's disruption budget.");
            assertThat(refused.status().path("details").path("causes").get(0).path("reason").asText())
                    .isEqualTo("DisruptionBudget");
        } else {
            throw refused;
        }
        assertThat(await(client.get(PODS, NS, second)).path("metadata").has("deletionTimestamp")).isFalse();

        until("the budget recovers", Duration.ofSeconds(60), () -> budgetStatus("web").path("disruptionsAllowed").asInt() == 1);
        assertThat(budgetStatus("web").has("disruptedPods")).isFalse();
        await(client.createSubresource(PODS, NS, second, "eviction", eviction(second, 0), W));
        until("the second pod gone", Duration.ofSeconds(30), () -> await(client.list(PODS, NS, ListOptions.NONE.withLabelSelector("app=web")))
                .path("items").findValuesAsText("name").stream().noneMatch(second::equals));
    }

    @Test
    void aPodUnderTwoBudgetsCannotBeEvicted() {
        await(client.create(DEPLOYMENTS, NS, deployment("two", 1), W));
        await(client.create(PDBS, NS, pdb("two-a", "two", "minAvailable", 0), W));
        await(client.create(PDBS, NS, pdb("two-b", "two", "minAvailable", 0), W));
        until("a ready pod", Duration.ofSeconds(60), () -> readyPods("two").size() == 1);
        String pod = readyPods("two").get(0).path("metadata").path("name").asText();
        KubeApiException e = evictFails(pod);
        assertThat(e.code()).isEqualTo(500);
        assertThat(e.getMessage()).contains("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    }

    @Test
    void aPodWithoutBudgetIsDeletedAndNamesMustMatch() {
        ObjectNode pod = M.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", "loner");
        pod.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "nginx");
        await(client.create(PODS, NS, pod, W));
        ObjectNode wrong = eviction("someone-else", 0);
        assertThatThrownBy(() -> await(client.createSubresource(PODS, NS, "loner", "eviction", wrong, W)))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.code()).isEqualTo(400));
        await(client.createSubresource(PODS, NS, "loner", "eviction", eviction("loner", 0), W));
        assertThatThrownBy(() -> await(client.get(PODS, NS, "loner")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.notFound()).isTrue());
    }
}
