package io.k3j.apiserver.rest;

import io.vertx.core.http.HttpServerRequest;

/** What the router needs to know about watches before the resource handlers run. */
public final class WatchStreams {

    private WatchStreams() {
    }

    /** Whether the request asks to be upgraded to a WebSocket (a watch, later exec and port-forward). */
    public static boolean wantsWebSocket(HttpServerRequest request) {
        return WatchSink.wantsWebSocket(request);
    }
}
