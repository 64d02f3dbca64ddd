package io.k3j.client;

import io.vertx.core.Vertx;

/**
 * How a component gets its client when it starts: over HTTPS ({@link #http}) for agents and anything outside the
 * server, or in-process for the server's own components (built by the API server, see
 * {@code io.k3j.apiserver.local}). The component closes what it got when it stops.
 */
@FunctionalInterface
public interface KubeClientFactory {

    KubeClient create(Vertx vertx);

    static KubeClientFactory http(KubeClientConfig config) {
        return vertx -> new HttpKubeClient(vertx, config);
    }
}
