package io.k3j.apiserver.rest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

/**
 * Where a watch's events go: a chunked HTTP response (one JSON document per line), or a WebSocket (one text
 * message per event) for clients that ask for one, as kube-apiserver serves both. fabric8's informers, for
 * instance, try a WebSocket first and only fall back to HTTP on a 200 handshake answer they never get from a
 * stream that does not end.
 */
sealed interface WatchSink {

    /** One encoded event, newline-terminated. */
    void write(Buffer event);

    /** Whether the client is too slow: the watch closes so it resumes from its last resourceVersion. */
    boolean writeQueueFull();

    /** Status and headers out, if not yet (clients wait for them before they count the watch as open). */
    void open();

    void end();

    /** Calls {@code onGone} once when the stream ends, for whatever reason; {@code failed} when the client went. */
    void whenDone(java.util.function.Consumer<Boolean> onGone);

    /** Whether the request asks to be upgraded to a WebSocket (HTTP/1.1 only, as upstream). */
    static boolean wantsWebSocket(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1) {
            return false;
        }
        String upgrade = request.getHeader("Upgrade");
        String connection = request.getHeader("Connection");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket") && connection != null
                && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade");
    }

    /** The chunked JSON stream on the request's response. */
    record Http(RoutingContext ctx, HttpServerResponse response) implements WatchSink {

        Http(RoutingContext ctx) {
            this(ctx, ctx.response());
        }

        @Override
        public void write(Buffer event) {
            response.write(event);
        }

        @Override
        public boolean writeQueueFull() {
            return response.writeQueueFull();
        }

        @Override
        public void open() {
            if (!response.headWritten()) {
                response.setStatusCode(200).writeHead();
            }
        }

        @Override
        public void end() {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }

        @Override
        public void whenDone(java.util.function.Consumer<Boolean> onGone) {
            // The routing context's end hook, not response.endHandler/closeHandler: those have one slot each, which
            // vertx-web uses for every addEndHandler (request metrics, audit) and which setting here would take away.
            ctx.addEndHandler(ar -> onGone.accept(ar.failed()));
        }
    }

    /** One text message per event, as upstream frames JSON watches on a WebSocket. */
    record WebSocket(RoutingContext ctx, ServerWebSocket socket) implements WatchSink {

        @Override
        public void write(Buffer event) {
            socket.writeTextMessage(event.toString(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public boolean writeQueueFull() {
            return socket.writeQueueFull();
        }

        @Override
        public void open() {
            // the 101 answer already went out
        }

        @Override
        public void end() {
            if (!socket.isClosed()) {
                socket.close();
            }
        }

        @Override
        public void whenDone(java.util.function.Consumer<Boolean> onGone) {
            socket.closeHandler(v -> {
                onGone.accept(true);
                finishRequest();
            });
        }

        /** The upgraded request never ends its response: its end hooks (metrics, audit) run now. */
        private void finishRequest() {
            io.k3j.apiserver.RequestEnd.upgradedRequestDone(ctx);
        }
    }
}
