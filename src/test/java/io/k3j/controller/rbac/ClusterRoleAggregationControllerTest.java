package io.k3j.controller.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.HttpKubeClient;
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

/** The controller in a whole server: aggregated ClusterRoles follow the roles their selectors match. */
class ClusterRoleAggregationControllerTest {

    static final GroupVersionResource CR = ClusterRoleAggregationController.CLUSTER_ROLES;
    static final ObjectMapper M = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path dir;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient client;

    @BeforeAll
    static void boot() {
        server = InProcessServer.start(dir);
        vertx = Vertx.vertx();
        client = server.adminClient(vertx);
    }

    @AfterAll
    static void shutdown() {
        client.close();
        await(vertx.close());
        server.close();
    }

    static <T> T call(java.util.function.Supplier<io.vertx.core.Future<T>> op) {
        io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
        vertx.runOnContext(v -> op.get().onComplete(p));
        return await(p.future());
    }

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) M.readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode rules(String name) {
        return call(() -> client.get(CR, "", name)).path("rules");
    }

    @Test
    void aggregatedRolesFollowTheirSources() {
        call(() -> client.create(CR, "", json("""
                        {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"monitoring"},
                         "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"example.com/aggregate-to-monitoring":"true"}}]}}"""),
                        WriteOptions.manager("test")));
        call(() -> client.create(CR, "", json("""
                        {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"monitoring-pods",
                          "labels":{"example.com/aggregate-to-monitoring":"true"}},
                         "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]}"""), WriteOptions.manager("test")));
        until("the rule is aggregated", WAIT, () -> rules("monitoring").toString().contains("\"pods\""));
        JsonNode role = call(() -> client.get(CR, "", "monitoring"));
        assertThat(role.path("metadata").path("managedFields").toString()).contains("clusterrole-aggregation-controller");

        // A change to a source role reaches the aggregate …
        call(() -> client.patch(CR, "", "monitoring-pods", PatchType.MERGE,
                "{\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"services\"],\"verbs\":[\"get\"]}]}", "",
                WriteOptions.manager("test")));
        until("the changed rule is aggregated", WAIT, () -> {
            String r = rules("monitoring").toString();
            return r.contains("\"services\"") && !r.contains("\"pods\"");
        });
        // … and a source that loses its label drops out.
        call(() -> client.patch(CR, "", "monitoring-pods", PatchType.MERGE,
                "{\"metadata\":{\"labels\":{\"example.com/aggregate-to-monitoring\":null}}}", "", WriteOptions.manager("test")));
        until("the rule is gone", WAIT, () -> rules("monitoring").isEmpty());

        // The defaults are aggregated too: view, edit and admin carry their rules.
        assertThat(rules("view").toString()).contains("\"pods\"");
        assertThat(rules("admin").toString()).contains("\"rolebindings\"").contains("\"pods/exec\"");
    }
}
