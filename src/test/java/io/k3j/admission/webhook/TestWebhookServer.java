package io.k3j.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.authn.TestCerts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A webhook server for tests: HTTPS on 127.0.0.1 with a certificate from its own CA, one responder per path, every
 * AdmissionReview it receives recorded. Responders answer the AdmissionResponse fields; the server adds uid, kind and
 * apiVersion (unless the responder set them, to test bad answers).
 */
public final class TestWebhookServer implements AutoCloseable {

    /** One received review. */
    public record Call(String path, String query, JsonNode review) {
        public JsonNode request() {
            return review.path("request");
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Vertx vertx;
    private final TestCerts.Issued ca;
    private final Map<String, Function<Call, Future<ObjectNode>>> responders = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private TestWebhookServer(Vertx vertx, TestCerts.Issued ca) {
        this.vertx = vertx;
        this.ca = ca;
    }

    public static Future<TestWebhookServer> start(Vertx vertx) {
        TestCerts.Issued ca = TestCerts.ca("webhook-test-ca");
        TestCerts.Issued cert = TestCerts.server(ca, "127.0.0.1", "localhost");
        TestWebhookServer s = new TestWebhookServer(vertx, ca);
        HttpServerOptions o = new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(cert.certPem()))
                        .setKeyValue(Buffer.buffer(cert.keyPem())));
        return vertx.createHttpServer(o).requestHandler(req -> req.body().onSuccess(body -> {
            try {
                JsonNode review = Json.MAPPER.readTree(body.getBytes());
                Call call = new Call(req.path(), req.query(), review);
                s.calls.add(call);
                Function<Call, Future<ObjectNode>> r = s.responders.get(req.path());
                if (r == null) {
                    req.response().setStatusCode(404).end("no responder");
                    return;
                }
                r.apply(call).onComplete(ar -> {
                    if (ar.failed()) {
                        req.response().setStatusCode(500).end(String.valueOf(ar.cause().getMessage()));
                        return;
                    }
                    ObjectNode out = F.objectNode();
                    ObjectNode resp = ar.result().deepCopy();
                    if (!resp.has("uid")) {
                        resp.put("uid", review.path("request").path("uid").asText());
                    }
                    out.put("apiVersion", resp.has("apiVersion") ? resp.remove("apiVersion").asText() : "admission.k8s.io/v1");
                    out.put("kind", "AdmissionReview");
                    out.set("response", resp);
                    req.response().putHeader("Content-Type", "application/json").end(out.toString());
                });
            } catch (Exception e) {
                req.response().setStatusCode(400).end(e.toString());
            }
        })).listen().map(srv -> {
            s.server = srv;
            return s;
        });
    }

    public int port() {
        return server.actualPort();
    }

    public String url(String path) {
        return "https://127.0.0.1:" + port() + path;
    }

    /** The base64 PEM of the server's CA, as a webhook's clientConfig.caBundle. */
    public String caBundle() {
        return Base64.getEncoder().encodeToString(ca.certPem().getBytes(StandardCharsets.US_ASCII));
    }

    public TestWebhookServer on(String path, Function<Call, Future<ObjectNode>> responder) {
        responders.put(path, responder);
        return this;
    }

    public List<Call> calls() {
        return calls;
    }

    public List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    // ---- responders

    public static Function<Call, Future<ObjectNode>> allow() {
        return c -> Future.succeededFuture(F.objectNode().put("allowed", true));
    }

    public static Function<Call, Future<ObjectNode>> deny(String message, int code) {
        return c -> {
            ObjectNode r = F.objectNode().put("allowed", false);
            ObjectNode status = r.putObject("status");
            if (message != null) {
                status.put("message", message);
            }
            if (code > 0) {
                status.put("code", code);
            }
            return Future.succeededFuture(r);
        };
    }

    /** Allows with a JSONPatch that sets label {@code key=value}. */
    public static Function<Call, Future<ObjectNode>> addLabel(String key, String value) {
        return c -> {
            boolean hasLabels = c.request().path("object").path("metadata").has("labels");
            String patch = hasLabels
                    ? "[{\"op\":\"add\",\"path\":\"/metadata/labels/" + key + "\",\"value\":\"" + value + "\"}]"
                    : "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"" + key + "\":\"" + value + "\"}}]";
            return Future.succeededFuture(F.objectNode().put("allowed", true).put("patchType", "JSONPatch")
                    .put("patch", Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8))));
        };
    }

    /** The same answer after {@code ms} milliseconds (a Vert.x timer: nothing blocks). */
    public Function<Call, Future<ObjectNode>> delayed(long ms, Function<Call, Future<ObjectNode>> inner) {
        return c -> {
            Promise<ObjectNode> p = Promise.promise();
            vertx.setTimer(ms, t -> inner.apply(c).onComplete(p));
            return p.future();
        };
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
