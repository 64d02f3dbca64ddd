package io.k3j.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpKubeClientTest {

    static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    static final ObjectMapper M = new ObjectMapper();

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
        if (client != null) {
            client.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        if (server != null) {
            server.close();
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static ObjectNode configMap(String name, String value) {
        ObjectNode cm = M.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name);
        cm.putObject("data").put("k", value);
        return cm;
    }

    @Test
    void createGetUpdateDeleteRoundTrip() throws Exception {
        ObjectNode created = await(client.create(CONFIGMAPS, "default", configMap("crud", "1"), WriteOptions.manager("t")));
        assertThat(created.path("metadata").path("uid").asText()).isNotEmpty();
        ObjectNode got = await(client.get(CONFIGMAPS, "default", "crud"));
        assertThat(got.path("data").path("k").asText()).isEqualTo("1");
        ((ObjectNode) got.path("data")).put("k", "2");
        ObjectNode updated = await(client.update(CONFIGMAPS, "default", got, WriteOptions.manager("t")));
        assertThat(updated.path("data").path("k").asText()).isEqualTo("2");
        // The stale version now conflicts, with the server's Status.
        ((ObjectNode) got.path("data")).put("k", "3");
        assertThatThrownBy(() -> await(client.update(CONFIGMAPS, "default", got, WriteOptions.manager("t"))))
                .hasCauseInstanceOf(KubeApiException.class)
                .satisfies(e -> assertThat(((KubeApiException) e.getCause()).conflict()).isTrue());
        ObjectNode patched = await(client.patch(CONFIGMAPS, "default", "crud", PatchType.MERGE, "{\"data\":{\"x\":\"y\"}}",
                "", WriteOptions.manager("t")));
        assertThat(patched.path("data").path("x").asText()).isEqualTo("y");
        await(client.delete(CONFIGMAPS, "default", "crud", DeleteOptions.DEFAULT));
        assertThatThrownBy(() -> await(client.get(CONFIGMAPS, "default", "crud")))
                .satisfies(e -> assertThat(((KubeApiException) e.getCause()).notFound()).isTrue());
    }

    @Test
    void serverSideApplyOwnsFields() throws Exception {
        ObjectNode applied = await(client.apply(CONFIGMAPS, "default", configMap("ssa", "a"), WriteOptions.manager("applier")));
        assertThat(applied.path("metadata").path("managedFields").get(0).path("manager").asText()).isEqualTo("applier");
        assertThatThrownBy(() -> await(client.apply(CONFIGMAPS, "default", configMap("ssa", "b"), WriteOptions.manager("other"))))
                .satisfies(e -> assertThat(((KubeApiException) e.getCause()).code()).isEqualTo(409));
        ObjectNode forced = await(client.apply(CONFIGMAPS, "default", configMap("ssa", "b"),
                WriteOptions.manager("other").forced()));
        assertThat(forced.path("data").path("k").asText()).isEqualTo("b");
    }

    @Test
    void listAndWatchFromItsResourceVersion() throws Exception {
        await(client.create(CONFIGMAPS, "default", configMap("w1", "1"), WriteOptions.manager("t")));
        ObjectNode list = await(client.list(CONFIGMAPS, "default", ListOptions.NONE));
        String rv = list.path("metadata").path("resourceVersion").asText();
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        // Only this test's objects: the root-CA publisher may add kube-root-ca.crt to the namespace meanwhile.
        Watch w = await(client.watch(CONFIGMAPS, "default", ListOptions.NONE.withResourceVersion(rv), e -> {
            if (e.object().path("metadata").path("name").asText().matches("w\\d")) {
                events.add(e);
            }
        }));
        await(client.create(CONFIGMAPS, "default", configMap("w2", "1"), WriteOptions.manager("t")));
        await(client.delete(CONFIGMAPS, "default", "w1", DeleteOptions.DEFAULT));
        io.k3j.store.Await.until("two events", Duration.ofSeconds(10), () -> events.size() >= 2);
        assertThat(events).extracting(WatchEvent::type).containsExactly(WatchEvent.Type.ADDED, WatchEvent.Type.DELETED);
        assertThat(events.get(0).object().path("metadata").path("name").asText()).isEqualTo("w2");
        w.cancel();
        await(w.closed());
    }

    @Test
    void badRequestsFailWithTheServersStatus() {
        ObjectNode bad = configMap("Not_A_Name", "1");
        assertThatThrownBy(() -> await(client.create(CONFIGMAPS, "default", bad, WriteOptions.manager("t"))))
                .satisfies(e -> {
                    KubeApiException k = (KubeApiException) e.getCause();
                    assertThat(k.code()).isEqualTo(422);
                    assertThat(k.reason()).isEqualTo("Invalid");
                    assertThat(k.status().path("kind").asText()).isEqualTo("Status");
                });
    }

    /** Controllers stop retrying creates in a namespace being deleted: the refusal must say so the way upstream's does. */
    @Test
    void aCreateInATerminatingNamespaceCarriesTheNamespaceTerminatingCause() throws Exception {
        GroupVersionResource namespaces = new GroupVersionResource("", "v1", "namespaces");
        ObjectNode ns = M.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", "closing");
        await(client.create(namespaces, "", ns, WriteOptions.manager("t")));
        ObjectNode held = configMap("held", "1");
        ((ObjectNode) held.path("metadata")).putArray("finalizers").add("k3j.io/test-hold");
        await(client.create(CONFIGMAPS, "closing", held, WriteOptions.manager("t")));
        await(client.delete(namespaces, "", "closing", DeleteOptions.DEFAULT));
        try {
            assertThatThrownBy(() -> await(client.create(CONFIGMAPS, "closing", configMap("late", "1"), WriteOptions.manager("t"))))
                    .hasCauseInstanceOf(KubeApiException.class)
                    .satisfies(e -> {
                        KubeApiException k = (KubeApiException) e.getCause();
                        assertThat(k.code()).isEqualTo(403);
                        assertThat(k.namespaceTerminating()).isTrue();
                    });
            // Another refusal is not mistaken for it.
            assertThatThrownBy(() -> await(client.get(CONFIGMAPS, "closing", "absent")))
                    .hasCauseInstanceOf(KubeApiException.class)
                    .satisfies(e -> assertThat(((KubeApiException) e.getCause()).namespaceTerminating()).isFalse());
        } finally {
            await(client.patch(CONFIGMAPS, "closing", "held", PatchType.MERGE, "{\"metadata\":{\"finalizers\":null}}", "",
                    WriteOptions.manager("t")));
        }
    }
}
