package io.k3j.controller.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.PatchType;
import io.k3j.controller.CoreControllerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.k3j.controller.CoreControllerServer.M;
import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resourcequota controller in a whole in-process k3j: status.hard follows the spec, status.used counts the
 * namespace's objects (on the 2 s resync set here), and drops at once when a pod is deleted or finishes.
 */
class ResourceQuotaControllerTest {

    static final GroupVersionResource QUOTAS = ResourceQuotaController.QUOTAS;
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");
    /** One namespace per test: counts are per namespace. */
    static final String NS = "quota-ctl";
    static final String SCOPED = "quota-scoped";

    @TempDir
    static Path dir;
    static CoreControllerServer k3j;

    @BeforeAll
    static void boot() {
        k3j = CoreControllerServer.start(dir, "--kube-controller-manager-arg", "resource-quota-sync-period=2s");
        k3j.createNamespace(NS);
        k3j.createNamespace(SCOPED);
    }

    @AfterAll
    static void shutdown() {
        if (k3j != null) {
            k3j.deleteNamespace(NS);
            k3j.deleteNamespace(SCOPED);
            k3j.close();
        }
    }

    static ObjectNode quota(String name, String hard, String... scopes) throws Exception {
        ObjectNode q = M.createObjectNode().put("apiVersion", "v1").put("kind", "ResourceQuota");
        q.putObject("metadata").put("name", name);
        q.putObject("spec").set("hard", M.readTree(hard));
        for (String s : scopes) {
            q.withObject("/spec").withArray("scopes").add(s);
        }
        return q;
    }

    static ObjectNode pod(String name, String cpu) {
        ObjectNode p = M.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        p.putObject("metadata").put("name", name);
        ObjectNode c = p.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "busybox");
        if (cpu != null) {
            c.putObject("resources").putObject("requests").put("cpu", cpu);
        }
        return p;
    }

    static ObjectNode waitUsed(String quota, String expected) {
        return k3j.waitFor("quota " + quota + " used " + expected, QUOTAS, NS, quota,
                q -> q.path("status").path("used").equals(parse(expected)));
    }

    static JsonNode parse(String json) {
        try {
            return M.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void countsTheNamespaceAndGivesBackWhatDeletedOrFinishedPodsHeld() throws Exception {
        k3j.create(QUOTAS, NS, quota("compute", "{\"pods\":\"10\",\"requests.cpu\":\"4\",\"count/deployments.apps\":\"2\","
                + "\"services.nodeports\":\"3\"}"));
        ObjectNode q = waitUsed("compute", "{\"count/deployments.apps\":\"0\",\"pods\":\"0\",\"requests.cpu\":\"0\",\"services.nodeports\":\"0\"}");
        assertThat(q.path("status").path("hard")).isEqualTo(parse(
                "{\"count/deployments.apps\":\"2\",\"pods\":\"10\",\"requests.cpu\":\"4\",\"services.nodeports\":\"3\"}"));

        k3j.create(PODS, NS, pod("a", "500m"));
        k3j.create(PODS, NS, pod("b", "1500m"));
        k3j.create(PODS, NS, pod("c", "0")); // admission refuses a pod that leaves out the cpu a quota enforces
        ObjectNode d = M.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", "web");
        d.set("spec", parse("{\"replicas\":0,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":"
                + "{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}}"));
        k3j.create(DEPLOYMENTS, NS, d);
        waitUsed("compute", "{\"count/deployments.apps\":\"1\",\"pods\":\"3\",\"requests.cpu\":\"2\",\"services.nodeports\":\"0\"}");

        k3j.delete(PODS, NS, "b", DeleteOptions.DEFAULT.withGracePeriod(0));
        waitUsed("compute", "{\"count/deployments.apps\":\"1\",\"pods\":\"2\",\"requests.cpu\":\"500m\",\"services.nodeports\":\"0\"}");

        await(k3j.client.patch(PODS, NS, "a", PatchType.MERGE, "{\"status\":{\"phase\":\"Succeeded\"}}", "status",
                CoreControllerServer.TEST));
        waitUsed("compute", "{\"count/deployments.apps\":\"1\",\"pods\":\"1\",\"requests.cpu\":\"0\",\"services.nodeports\":\"0\"}");
    }

    @Test
    void followsSpecChangesAndCountsOnlyPodsInScope() throws Exception {
        k3j.create(QUOTAS, SCOPED, quota("besteffort", "{\"pods\":\"5\"}", "BestEffort"));
        k3j.create(PODS, SCOPED, pod("be-1", null));
        k3j.create(PODS, SCOPED, pod("burstable-1", "100m"));
        k3j.waitFor("best-effort pods counted", QUOTAS, SCOPED, "besteffort",
                q -> q.path("status").path("used").equals(parse("{\"pods\":\"1\"}")));

        // The controller may write the quota's status again meanwhile: a spec write from a stale read then loses its
        // compare-and-swap, so read again and retry, as any client of the API must.
        for (int attempt = 1; ; attempt++) {
            ObjectNode now = k3j.getOrNull(QUOTAS, SCOPED, "besteffort");
            now.withObject("/spec/hard").put("pods", "7").put("count/pods", "20");
            try {
                await(k3j.client.update(QUOTAS, SCOPED, now, CoreControllerServer.TEST));
                break;
            } catch (io.k3j.client.KubeApiException e) {
                if (e.code() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
        ObjectNode q = k3j.waitFor("new hard", QUOTAS, SCOPED, "besteffort",
                x -> x.path("status").path("hard").path("pods").asText().equals("7"));
        assertThat(q.path("status").path("hard")).isEqualTo(parse("{\"count/pods\":\"20\",\"pods\":\"7\"}"));
        assertThat(q.path("status").path("used")).as("count/pods is the pod evaluator's: scoped too")
                .isEqualTo(parse("{\"count/pods\":\"1\",\"pods\":\"1\"}"));
    }
}
