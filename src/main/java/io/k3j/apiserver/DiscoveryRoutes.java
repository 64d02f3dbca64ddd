package io.k3j.apiserver;

import io.k3j.apiserver.discovery.CachedDocument;
import io.k3j.apiserver.discovery.DiscoveryCache;
import io.k3j.apiserver.discovery.DiscoveryResponse;
import io.k3j.apiserver.openapi.OpenApiResponse;
import io.k3j.apiserver.openapi.ServedOpenApi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Serves discovery (/api, /apis, group and group-version documents) and OpenAPI v3 from
 * precomputed bytes. Built-in OpenAPI documents are generated once, on a worker thread, on first use;
 * CRD changes replace both sets of documents whole (never per request).
 */
final class DiscoveryRoutes {

    /**
     * kubectl 1.33 never reads /openapi/v2 as JSON, and a 404 there breaks its default validation
     * of List files and review kinds; an empty protobuf Document (zero bytes) is valid and harmless.
     */
    static final String OPENAPI_V2_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private final Vertx vertx;
    private final DiscoveryCache discovery;
    /** Swapped whole when CRDs change (see ServedApis); readers take one snapshot per request. */
    private volatile ServedOpenApi openApi;

    DiscoveryRoutes(Vertx vertx, DiscoveryCache discovery, ServedOpenApi openApi) {
        this.vertx = vertx;
        this.discovery = discovery;
        this.openApi = openApi;
    }

    void setOpenApi(ServedOpenApi openApi) {
        this.openApi = openApi;
    }

    void discovery(RoutingContext ctx) {
        DiscoveryResponse r = discovery.current().resolve(ctx.request().path(), ctx.request().getHeader("Accept"));
        switch (r.status()) {
            case 200 -> {
                ctx.response().putHeader("Vary", "Accept");
                send(ctx, r.document(), false);
            }
            case 406 -> Responses.sendStatus(ctx.response(), 406, "NotAcceptable",
                    "only the following media types are accepted: application/json, application/yaml, "
                            + "application/vnd.kubernetes.protobuf, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
            default -> Responses.notFound(ctx.response());
        }
    }

    void openApiV3(RoutingContext ctx) {
        ServedOpenApi api = openApi;
        String path = ctx.request().path();
        String hash = ctx.request().getParam("hash");
        // The first call generates every document (hundreds of ms): never on the event loop.
        vertx.executeBlocking(() -> api.resolve(path, hash), false).onComplete(ar -> {
            if (ar.failed()) {
                Responses.sendStatus(ctx.response(), 503, "ServiceUnavailable", "OpenAPI documents are not available");
                return;
            }
            OpenApiResponse r = ar.result();
            switch (r.status()) {
                case 200 -> send(ctx, r.document(), r.immutable());
                case 301 -> ctx.response().setStatusCode(301).putHeader("Location", r.location()).end();
                default -> Responses.notFound(ctx.response());
            }
        });
    }

    void openApiV2(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", OPENAPI_V2_CONTENT_TYPE).end();
    }

    private static void send(RoutingContext ctx, CachedDocument doc, boolean immutable) {
        String etag = doc.etag();
        ctx.response().putHeader("ETag", etag);
        if (immutable) {
            ctx.response().putHeader("Cache-Control", "public, immutable")
                    .putHeader("Expires", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusYears(1)));
        } else {
            ctx.response().putHeader("Cache-Control", "no-cache, private");
        }
        if (doc.matches(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("Content-Type", doc.contentType()).end(Buffer.buffer(doc.bytes()));
    }
}
