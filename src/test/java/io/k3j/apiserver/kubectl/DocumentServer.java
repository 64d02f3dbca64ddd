package io.k3j.apiserver.kubectl;

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
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only plain-HTTP server on 127.0.0.1 that serves the discovery and OpenAPI documents the way the real
 * router is expected to, and echoes writes back (201) so kubectl's create path can be exercised. Records every
 * request line so tests can assert what kubectl asked for.
 */
final class DocumentServer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final DiscoveryDocuments discovery;
    private final OpenApiV3 openApi;
    private final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** When set, GET /openapi/v2 answers 200 with an empty protobuf Document instead of 404. */
    volatile boolean emptyOpenApiV2;

    DocumentServer(Collection<ResourceDescriptor> resources) throws Exception {
        discovery = DiscoveryDocuments.build(resources, "127.0.0.1:6443");
        openApi = OpenApiV3.build(resources);
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        requests.add(req.method() + " " + req.uri() + " Accept=" + req.getHeader("Accept"));
        String path = req.path();
        if (req.method() != HttpMethod.GET) {
            req.body().onSuccess(body -> req.response().setStatusCode(201)
                    .putHeader("Content-Type", "application/json").end(body));
            return;
        }
        if (path.equals("/version")) {
            req.response().putHeader("Content-Type", "application/json").end("""
                    {"major":"1","minor":"33","gitVersion":"v1.33.4+k3j0.1.0","gitCommit":"","gitTreeState":"clean",
                     "buildDate":"2026-01-01T00:00:00Z","goVersion":"java","compiler":"javac","platform":"linux/amd64"}""");
            return;
        }
        if (path.equals("/openapi/v2") && emptyOpenApiV2) {
            req.response().putHeader("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
                    .end();
            return;
        }
        if (path.startsWith("/openapi/")) {
            OpenApiResponse r = openApi.resolve(path, req.getParam("hash"));
            switch (r.status()) {
                case 200 -> req.response().putHeader("Content-Type", "application/json")
                        .putHeader("ETag", r.document().etag()).end(Buffer.buffer(r.document().bytes()));
                case 301 -> req.response().setStatusCode(301).putHeader("Location", r.location()).end();
                default -> req.response().setStatusCode(r.status()).end();
            }
            return;
        }
        DiscoveryResponse r = discovery.resolve(path, req.getHeader("Accept"));
        if (r.status() == 200) {
            req.response().putHeader("Content-Type", r.document().contentType()).putHeader("Vary", "Accept")
                    .putHeader("ETag", r.document().etag()).end(Buffer.buffer(r.document().bytes()));
        } else {
            req.response().setStatusCode(r.status()).end();
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
