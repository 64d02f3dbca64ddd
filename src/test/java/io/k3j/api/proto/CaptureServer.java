package io.k3j.api.proto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.discovery.DiscoveryDocuments;
import io.k3j.apiserver.discovery.DiscoveryResponse;
import io.k3j.apiserver.openapi.OpenApiResponse;
import io.k3j.apiserver.openapi.OpenApiV3;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only plain-HTTP server on 127.0.0.1 that serves discovery and OpenAPI well enough for kubectl to reach
 * its write, records every request body, and answers writes the way the real server should: decode the
 * protobuf with {@link ProtobufBody}, fill what the server sets, answer 201 in JSON. A decode failure is
 * answered with the Status upstream would send, so kubectl shows it.
 */
final class CaptureServer implements AutoCloseable {

    /** One recorded write. */
    record Capture(String method, String path, String contentType, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Objects kubectl reads before writing (create job --from, certificate approve). */
    final java.util.Map<String, String> served = new java.util.concurrent.ConcurrentHashMap<>(java.util.Map.of(
            "/apis/batch/v1/namespaces/default/cronjobs/rich", resource("served/cronjob-rich.json"),
            "/apis/certificates.k8s.io/v1/certificatesigningrequests/csr1", resource("served/csr.json")));

    private final Vertx vertx = Vertx.vertx();
    private final DiscoveryDocuments discovery;
    private final OpenApiV3 openApi;
    private final HttpServer server;
    final List<Capture> writes = new CopyOnWriteArrayList<>();
    /** Canned protobuf answers to writes, by path: kubectl decodes them with Go and prints them with -o json. */
    final java.util.Map<String, byte[]> protobufReplies = new java.util.concurrent.ConcurrentHashMap<>();
    /** Canned protobuf answers to GETs, by path (typed clients accept protobuf). */
    final java.util.Map<String, byte[]> protobufGets = new java.util.concurrent.ConcurrentHashMap<>();


    CaptureServer() throws Exception {
        discovery = DiscoveryDocuments.build(BuiltinResources.all(), "127.0.0.1:6443");
        openApi = OpenApiV3.build(BuiltinResources.all());
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET) {
            req.body().onSuccess(body -> write(req, body.getBytes()));
            return;
        }
        String path = req.path();
        byte[] protobuf = protobufGets.get(path);
        String object = served.get(path);
        if (protobuf != null) {
            req.response().putHeader("Content-Type", ProtobufBody.MEDIA_TYPE).end(Buffer.buffer(protobuf));
        } else if (object != null) {
            json(req, 200, object);
        } else if (path.equals("/version")) {
            json(req, 200, """
                    {"major":"1","minor":"33","gitVersion":"v1.33.4+k3j0.1.0","gitCommit":"","gitTreeState":"clean",
                     "buildDate":"2026-01-01T00:00:00Z","goVersion":"java","compiler":"javac","platform":"linux/amd64"}""");
        } else if (path.equals("/openapi/v2")) {
            // An empty protobuf Document: lets kubectl's validation of the review kinds proceed (see docs).
            req.response().putHeader("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
                    .end();
        } else if (path.startsWith("/openapi/")) {
            OpenApiResponse r = openApi.resolve(path, req.getParam("hash"));
            if (r.status() == 200) {
                req.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(r.document().bytes()));
            } else {
                req.response().setStatusCode(r.status()).putHeader("Location", String.valueOf(r.location())).end();
            }
        } else {
            DiscoveryResponse r = discovery.resolve(path, req.getHeader("Accept"));
            if (r.status() == 200) {
                req.response().putHeader("Content-Type", r.document().contentType())
                        .end(Buffer.buffer(r.document().bytes()));
            } else {
                req.response().setStatusCode(r.status()).putHeader("Content-Type", "text/plain")
                        .end("404 page not found");
            }
        }
    }

    private void write(HttpServerRequest req, byte[] body) {
        String contentType = req.getHeader("Content-Type");
        writes.add(new Capture(req.method().name(), req.path(), contentType, body));
        byte[] reply = protobufReplies.get(req.path());
        if (reply != null) {
            req.response().setStatusCode(201).putHeader("Content-Type", ProtobufBody.MEDIA_TYPE)
                    .end(Buffer.buffer(reply));
            return;
        }

        ObjectNode object;
        try {
            if (ProtobufBody.isProtobuf(contentType)) {
                GroupVersionKind kind = kindOf(req.path());
                if (req.method() == HttpMethod.DELETE) {
                    kind = new GroupVersionKind(kind.group(), kind.version(), "DeleteOptions");
                }
                object = ProtobufBody.decode(body, kind).object();
            } else {
                object = (ObjectNode) JSON.readTree(body);
            }
        } catch (ProtobufBodyException e) {
            json(req, e.httpStatus(), status(e));
            return;
        } catch (Exception e) {
            json(req, 400, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":400}");
            return;
        }
        ObjectNode meta = object.with("metadata");
        meta.put("uid", "9b5a0c6e-0000-4000-8000-000000000001");
        meta.put("resourceVersion", "1");
        meta.put("creationTimestamp", "2026-01-01T00:00:00Z");
        answerReview(object);
        json(req, req.method() == HttpMethod.POST ? 201 : 200, object.toString());
    }

    /** Reviews come back with a status, as the real server fills it. */
    private static void answerReview(ObjectNode object) {
        switch (object.path("kind").asText()) {
            case "SelfSubjectAccessReview", "SubjectAccessReview", "LocalSubjectAccessReview" ->
                    object.with("status").put("allowed", true);
            case "SelfSubjectReview" -> object.with("status").with("userInfo").put("username", "admin")
                    .putArray("groups").add("system:masters").add("system:authenticated");
            case "SelfSubjectRulesReview" -> object.with("status").put("incomplete", false);
            case "TokenRequest" -> object.with("status").put("token", "header.payload.signature")
                    .put("expirationTimestamp", "2026-01-01T01:00:00Z");
            default -> {
            }
        }
    }

    /** The kind an endpoint takes, from the catalog; sub-resource bodies named by their descriptor. */
    static GroupVersionKind kindOf(String path) {
        String[] p = path.substring(1).split("/");
        int i;
        String group, version;
        if (p[0].equals("api")) {
            group = "";
            version = p[1];
            i = 2;
        } else {
            group = p[1];
            version = p[2];
            i = 3;
        }
        if (i + 1 < p.length && p[i].equals("namespaces") && !(p.length == i + 2)) {
            i += 2; // namespaced resource
        }
        String resource = p[i];
        String sub = p.length > i + 2 ? p[i + 2] : null;
        for (ResourceDescriptor r : BuiltinResources.all()) {
            if (r.group().equals(group) && r.version().equals(version) && r.resource().equals(resource)) {
                return sub == null ? r.groupVersionKind()
                        : r.subresource(sub).map(s -> s.responseKind(r)).orElse(r.groupVersionKind());
            }
        }
        return new GroupVersionKind(group, version, "Unknown");
    }

    static String resource(String name) {
        try (var in = CaptureServer.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name, e);
        }
    }

    private static String status(ProtobufBodyException e) {
        ObjectNode s = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        return s.put("status", "Failure").put("message", e.getMessage()).put("reason", e.reason())
                .put("code", e.httpStatus()).toString();
    }

    private static void json(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
