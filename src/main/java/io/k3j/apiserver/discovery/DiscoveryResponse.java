package io.k3j.apiserver.discovery;

/**
 * What the router writes for a discovery request. For 200, send {@code document.bytes()} with
 * {@code document.contentType()}, {@code ETag: document.etag()} and {@code Vary: Accept} (the /api and /apis
 * bodies depend on Accept); answer 304 when {@code document.matches(If-None-Match)}.
 */
public record DiscoveryResponse(int status, CachedDocument document) {

    static DiscoveryResponse ok(CachedDocument document) {
        return new DiscoveryResponse(200, document);
    }

    static DiscoveryResponse notFound() {
        return new DiscoveryResponse(404, null);
    }

    static DiscoveryResponse notAcceptable() {
        return new DiscoveryResponse(406, null);
    }
}
