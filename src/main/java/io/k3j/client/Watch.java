package io.k3j.client;

import io.vertx.core.Future;

/** A running watch. */
public interface Watch {

    /** Stops the watch; {@link #closed()} then completes successfully. */
    void cancel();

    /**
     * Completes when the stream ends: successfully on {@link #cancel()} or a server-side timeout (resume from the last
     * resourceVersion seen), failed with a {@link KubeApiException} of code 410 when that version is too old (list
     * again), or another failure when the connection broke.
     */
    Future<Void> closed();
}
