package io.k3j.apiserver;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Keeps small answers uncompressed, as kube-apiserver does (it gzips only bodies over 128 KiB). Vert.x honours its
 * size threshold on HTTP/1.1 but compresses every HTTP/2 body a client accepts gzip for, which costs a deflater and
 * latency on each small GET for a few hundred bytes saved.
 */
final class SmallBodies {

    static final int COMPRESSION_THRESHOLD = 128 * 1024;

    private SmallBodies() {
    }

    /** Before the headers go out: a body of known, small length is sent as it is. */
    static void uncompressed(HttpServerResponse response) {
        String length = response.headers().get(HttpHeaders.CONTENT_LENGTH);
        if (length == null || response.headers().contains(HttpHeaders.CONTENT_ENCODING)) {
            return;
        }
        try {
            if (Long.parseLong(length) < COMPRESSION_THRESHOLD) {
                response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
            }
        } catch (NumberFormatException e) {
            // not ours to judge
        }
    }
}
