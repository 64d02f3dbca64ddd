package io.k3j.controller.gc;

import io.k3j.client.ApiDiscovery.ApiResource;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Upstream's attemptToOrphan for an owner deleted with the {@code orphan} finalizer: every dependent stops naming it,
 * then the finalizer goes and the API server removes the owner. A dependent that fails is retried with the owner.
 */
final class AttemptToOrphan {

    private final OwnerGraph graph;
    private final OwnerLookup lookup;
    private final MetadataWrites writes;

    AttemptToOrphan(OwnerGraph graph, OwnerLookup lookup, MetadataWrites writes) {
        this.graph = graph;
        this.lookup = lookup;
        this.writes = writes;
    }

    Future<?> run(String uid) {
        GraphNode owner = graph.get(uid);
        if (owner == null) {
            return Future.succeededFuture();
        }
        ApiResource r = lookup.resource(owner.apiVersion, owner.kind).orElse(null);
        if (r == null) {
            return Future.failedFuture(new IllegalStateException("unable to get REST mapping for " + owner.apiVersion
                    + "/" + owner.kind));
        }
        return lookup.live(owner.apiVersion, owner.kind, owner.namespace, owner.name, uid).<Void>compose(latest -> {
            if (latest == null || !Meta.deleting(latest)
                    || !Meta.hasFinalizer(latest, GarbageCollector.ORPHAN)) {
                return Future.succeededFuture();
            }
            return orphanDependents(owner).compose(v -> writes.removeFinalizer(r, latest, GarbageCollector.ORPHAN));
        });
    }

    private Future<Void> orphanDependents(GraphNode owner) {
        List<Future<Void>> patches = new ArrayList<>();
        for (String depUid : graph.dependentsOf(owner.uid)) {
            GraphNode dep = graph.get(depUid);
            if (dep == null || !dep.canBeOwnedBy(owner)) {
                continue;
            }
            ApiResource r = lookup.resource(dep.apiVersion, dep.kind).orElse(null);
            if (r == null) {
                patches.add(Future.failedFuture("unable to get REST mapping for " + dep.apiVersion + "/" + dep.kind));
                continue;
            }
            patches.add(lookup.live(dep.apiVersion, dep.kind, dep.namespace, dep.name, dep.uid).compose(latest ->
                    latest == null ? Future.succeededFuture() : writes.removeOwnerRefs(r, latest, Set.of(owner.uid))));
        }
        return Future.all(patches).mapEmpty();
    }
}
