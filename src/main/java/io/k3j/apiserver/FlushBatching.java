package io.k3j.apiserver;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.http.HttpConnection;

/**
 * Batches the flushes of one connection that happen in one event-loop task into one.
 *
 * <p>Why: Vert.x flushes every write made outside a read of that connection. One store change fanned out to
 * thousands of watches multiplexed over a hundred HTTP/2 connections is then thousands of flushes, each its own TLS
 * record and write syscall. With the flushes batched, the TLS handler sees every event queued for a connection at
 * once and packs them into full records: one change to 10,000 watchers becomes a couple of hundred records. A
 * request's own answer is flushed at the end of the task that wrote it, so nothing waits longer than that task.
 */
final class FlushBatching {

    /** A task that writes more than this many times flushes early, so a long fan-out still streams. */
    private static final int FLUSH_AT_LEAST_EVERY = 256;
    private static final String NAME = "k3j-flush-batching";

    private FlushBatching() {
    }

    static void install(HttpConnection connection) {
        if (!(connection instanceof io.vertx.core.net.impl.ConnectionBase base)) {
            return;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        ChannelHandlerContext tls = pipeline.context(SslHandler.class);
        if (tls != null && pipeline.get(NAME) == null) {
            // After (on the application side of) TLS, so what it consolidates is still plaintext.
            pipeline.addAfter(tls.name(), NAME, new FlushConsolidationHandler(FLUSH_AT_LEAST_EVERY, true));
        }
    }
}
