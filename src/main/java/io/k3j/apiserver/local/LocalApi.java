package io.k3j.apiserver.local;

import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.rest.CachedReads;
import io.k3j.auth.UserInfo;
import io.k3j.client.KubeClient;
import io.k3j.client.KubeClientFactory;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * The API server's in-process entry for the server's own components (controller manager, scheduler, add-on
 * controllers, in-process hollow nodes): clients whose reads come from the watch cache ({@link LocalKubeClient})
 * and whose writes go over HTTPS. The API server builds one when it starts; the server hands its factories to
 * the components deployed after it.
 */
public final class LocalApi {

    /** Decides a request made in-process as the HTTP authorization filter would: empty, or the refusal's Status. */
    @FunctionalInterface
    public interface Authorization {
        Optional<JsonObject> refusal(UserInfo user, RequestInfo info, String fieldSelector);
    }

    private final CachedReads reads;
    private final Authorization authorization;
    private final SharedTreeGuard guard;

    /** The shared-tree guard is on when the system property {@value SharedTreeGuard#PROPERTY} is true (tests). */
    public LocalApi(CachedReads reads, Authorization authorization) {
        this(reads, authorization, SharedTreeGuard.enabledByProperty());
    }

    public LocalApi(CachedReads reads, Authorization authorization, boolean checkSharedTrees) {
        this.reads = reads;
        this.authorization = authorization;
        this.guard = new SharedTreeGuard(checkSharedTrees, reads);
    }

    /**
     * A client acting as {@code user} (the identity its client certificate carries), writing through {@code remote}
     * (its HTTPS client, which the returned client closes).
     */
    public KubeClient client(Vertx vertx, UserInfo user, KubeClient remote) {
        return new LocalKubeClient(vertx, this, user, remote);
    }

    /** {@link #client} as a component's factory: reads in-process, writes through what {@code remote} creates. */
    public KubeClientFactory factory(UserInfo user, KubeClientFactory remote) {
        return vertx -> client(vertx, user, remote.create(vertx));
    }

    public SharedTreeGuard guard() {
        return guard;
    }

    CachedReads reads() {
        return reads;
    }

    Authorization authorization() {
        return authorization;
    }

    /** The event loop the watch cache is confined to. */
    Context cacheLoop() {
        return reads.cache().context();
    }
}
