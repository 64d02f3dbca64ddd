package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionChain;
import io.k3j.auth.UserInfo;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A watch asked for over a WebSocket (as fabric8's informers first try) streams one text message per event. */
class WatchWebSocketTest {

    @TempDir
    Path dir;
    RestHarness rest;
    WebSocketClient client;

    @BeforeEach
    void setUp() {
        rest = new RestHarness(dir, new UserInfo("admin", List.of(UserInfo.MASTERS)), AdmissionChain.NONE);
        rest.call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}");
        client = rest.vertx.createWebSocketClient();
    }

    @AfterEach
    void tearDown() {
        await(client.close());
        rest.close();
    }

    JsonNode next(BlockingQueue<String> messages) throws InterruptedException {
        String m = messages.poll(30, TimeUnit.SECONDS);
        assertThat(m).as("a watch event within 30 s").isNotNull();
        try {
            return Json.MAPPER.readTree(m);
        } catch (Exception e) {
            throw new AssertionError(m, e);
        }
    }

    @Test
    void eventsArriveAsTextMessages() throws Exception {
        rest.call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"before\"}}");
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        // Handler first: the initial events follow the upgrade at once.
        ClientWebSocket ws = client.webSocket();
        ws.textMessageHandler(messages::add);
        await(ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(rest.port())
                .setURI("/api/v1/namespaces/default/configmaps?watch=true")));
        JsonNode added = next(messages);
        assertThat(added.path("type").asText()).isEqualTo("ADDED");
        assertThat(added.at("/object/metadata/name").asText()).isEqualTo("before");
        rest.call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"after\"}}");
        JsonNode later = next(messages);
        assertThat(later.path("type").asText()).isEqualTo("ADDED");
        assertThat(later.at("/object/metadata/name").asText()).isEqualTo("after");
        rest.call("DELETE", "/api/v1/namespaces/default/configmaps/after", null);
        assertThat(next(messages).path("type").asText()).isEqualTo("DELETED");
        await(ws.close());
    }

    @Test
    void theServerClosesTheSocketAtTheWatchTimeout() throws Exception {
        int endedBefore = rest.ended.get();
        BlockingQueue<String> closed = new LinkedBlockingQueue<>();
        ClientWebSocket ws = client.webSocket();
        ws.closeHandler(v -> closed.add("closed"));
        await(ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(rest.port())
                .setURI("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1")));
        assertThat(closed.poll(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)).isEqualTo("closed");
        // The request counts as ended (request metrics and audit count upgraded watches too).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rest.ended.get() == endedBefore && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(rest.ended.get()).isEqualTo(endedBefore + 1);
    }

    @Test
    void aBadRequestIsRefusedBeforeTheUpgrade() {
        var r = rest.call("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=abc", null);
        assertThat(r.statusCode()).isEqualTo(400);
        Throwable failure = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(rest.port())
                .setURI("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=abc"))
                .toCompletionStage().toCompletableFuture().handle((ws, e) -> e).join();
        assertThat(failure).isNotNull().hasMessageContaining("400");
    }
}
