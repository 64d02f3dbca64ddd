package io.k3j.admission.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.MutatingPlugin;
import io.k3j.admission.Operation;
import io.k3j.admission.support.LiveReads;
import io.k3j.apiserver.rest.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's NamespaceLifecycle: nothing new in a namespace that does not exist or is being terminated, and the
 * namespaces the cluster cannot live without are never deleted. The namespace is read from the watch cache; a miss
 * (a namespace created a moment ago that the cache has not seen yet) is answered by a live read of the store, as
 * upstream falls back to a live GET. After a namespace is deleted, its cached "Active" state is not trusted for
 * 30 s either, so creates racing the deletion see the terminating phase.
 */
public final class NamespaceLifecyclePlugin implements MutatingPlugin {

    public static final String NAME = "NamespaceLifecycle";
    static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");
    static final Duration FORCE_LIVE_LOOKUP = Duration.ofSeconds(30);

    private final AdmissionLookup lookup;
    private final LiveReads live;
    private final Clock clock;
    /** Namespace → until when a cached Active phase is not believed (deletion seen by this server). */
    private final Map<String, Instant> recentlyDeleted = new ConcurrentHashMap<>();

    public NamespaceLifecyclePlugin(AdmissionEnv env) {
        this.lookup = env.lookup();
        this.live = new LiveReads(env.store());
        this.clock = env.clock();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Future<Void> admit(AdmissionRequest r) {
        boolean namespaceKind = r.group().isEmpty() && r.resource().equals("namespaces");
        if (namespaceKind) {
            if (r.operation() == Operation.DELETE && r.subresource().isEmpty()) {
                if (IMMORTAL.contains(r.name())) {
                    return Future.failedFuture(AdmissionDenied.forbidden(r, "this namespace may not be deleted"));
                }
                recentlyDeleted.put(r.name(), clock.instant().plus(FORCE_LIVE_LOOKUP));
            }
            return Future.succeededFuture();
        }
        if (r.namespace().isEmpty() || r.operation() == Operation.DELETE || isAccessReview(r)) {
            return Future.succeededFuture();
        }
        return lookup.get("", "namespaces", "", r.namespace()).compose(cached -> {
            if (cached != null && !(active(cached) && mustLookLive(r.namespace()))) {
                return Future.succeededFuture(cached);
            }
            return live.get("", "namespaces", "", r.namespace());
        }).compose(ns -> {
            if (ns == null) {
                return Future.failedFuture(ApiError.notFound("namespaces", "", r.namespace()));
            }
            if (r.operation() == Operation.CREATE && !active(ns)) {
                return Future.failedFuture(terminating(r));
            }
            return Future.succeededFuture();
        });
    }

    /** Returning the namespace's state to a local access review would leak it; upstream lets them through. */
    private static boolean isAccessReview(AdmissionRequest r) {
        return r.group().equals("authorization.k8s.io") && r.resource().equals("localsubjectaccessreviews");
    }

    private static boolean active(ObjectNode ns) {
        return !"Terminating".equals(ns.path("status").path("phase").asText())
                && !ns.path("metadata").hasNonNull("deletionTimestamp");
    }

    private boolean mustLookLive(String namespace) {
        Instant until = recentlyDeleted.get(namespace);
        if (until == null) {
            return false;
        }
        if (clock.instant().isAfter(until)) {
            recentlyDeleted.remove(namespace, until);
            return false;
        }
        return true;
    }

    /**
     * 403 with upstream's NamespaceTerminating cause, which controllers look for to stop retrying creates in a
     * namespace that is going away. An ApiError rather than an AdmissionDenied because of that cause.
     */
    private static ApiError terminating(AdmissionRequest r) {
        String qualified = r.group().isEmpty() ? r.resource() : r.resource() + "." + r.group();
        String message = qualified + " \"" + r.name() + "\" is forbidden: unable to create new content in namespace "
                + r.namespace() + " because it is being terminated";
        JsonObject details = new JsonObject();
        if (!r.name().isEmpty()) {
            details.put("name", r.name());
        }
        if (!r.group().isEmpty()) {
            details.put("group", r.group());
        }
        details.put("kind", r.resource());
        details.put("causes", new JsonArray().add(new JsonObject()
                .put("reason", "NamespaceTerminating")
                .put("message", "namespace " + r.namespace() + " is being terminated")
                .put("field", "metadata.namespace")));
        return new ApiError(403, "Forbidden", message, details);
    }
}
