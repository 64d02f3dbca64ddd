package io.k3j.apiserver.openapi;

import io.k3j.apiserver.discovery.CachedDocument;

/**
 * What the router writes for an {@code /openapi/v3...} request, following kube-openapi's handler: 200 with the
 * document (plus {@code Cache-Control: public, immutable} and a one-year Expires when {@code immutable}), 301 to
 * {@code location} when the request's {@code ?hash=} is stale, 404 for an unknown group version.
 */
public record OpenApiResponse(int status, CachedDocument document, String location, boolean immutable) {

    static OpenApiResponse ok(CachedDocument document, boolean immutable) {
        return new OpenApiResponse(200, document, null, immutable);
    }

    static OpenApiResponse movedTo(String location) {
        return new OpenApiResponse(301, null, location, false);
    }

    static OpenApiResponse notFound() {
        return new OpenApiResponse(404, null, null, false);
    }
}
