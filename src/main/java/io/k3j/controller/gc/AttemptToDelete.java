package io.k3j.controller.gc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.ApiDiscovery.ApiResource;
import io.k3j.controller.EventRecorder;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Upstream's attemptToDeleteItem for one object of the graph: an owner being deleted in the foreground waits for its
 * blocking dependents and then drops its finalizer; a dependent whose owners are all gone (verified against the API,
 * never the graph alone) is deleted; references to owners that are gone or waiting for their dependents are dropped
 * while a solid owner remains.
 */
final class AttemptToDelete {

    private final OwnerGraph graph;
    private final OwnerLookup lookup;
    private final MetadataWrites writes;
    private final EventRecorder recorder;
    private final Consumer<String> requeue;

    AttemptToDelete(OwnerGraph graph, OwnerLookup lookup, MetadataWrites writes, EventRecorder recorder,
                    Consumer<String> requeue) {
        this.graph = graph;
        this.lookup = lookup;
        this.writes = writes;
        this.recorder = recorder;
        this.requeue = requeue;
    }

    Future<?> run(String uid) {
        GraphNode node = graph.get(uid);
        if (node == null || (node.beingDeleted && !node.deletingDependents)) {
            return Future.succeededFuture(); // gone, or already on its way out without waiting for anyone
        }
        ApiResource r = lookup.resource(node.apiVersion, node.kind).orElse(null);
        if (r == null) {
            return Future.failedFuture(new IllegalStateException("unable to get REST mapping for " + node.apiVersion
                    + "/" + node.kind));
        }
        return lookup.live(node.apiVersion, node.kind, node.namespace, node.name, uid).<Void>compose(latest -> {
            if (latest == null) {
                return Future.succeededFuture(); // the informer will report the delete
            }
            boolean foreground = Meta.hasFinalizer(latest, GarbageCollector.FOREGROUND);
            if (Meta.deleting(latest) && !foreground) {
                return Future.succeededFuture();
            }
            if (Meta.deleting(latest)) {
                return waitForBlockingDependents(node, r, latest);
            }
            List<OwnerRef> refs = OwnerRef.of(latest);
            if (refs.isEmpty()) {
                return Future.succeededFuture();
            }
            return classify(node, refs).compose(c -> act(node, r, latest, c));
        });
    }

    /** Foreground deletion: delete the dependents; once none that blocks us is left, drop our finalizer. */
    private Future<Void> waitForBlockingDependents(GraphNode owner, ApiResource r, ObjectNode latest) {
        List<GraphNode> blocking = new ArrayList<>();
        for (String depUid : graph.dependentsOf(owner.uid)) {
            GraphNode dep = graph.get(depUid);
            if (dep == null || !dep.canBeOwnedBy(owner)) {
                continue;
            }
            OwnerRef ref = dep.ownerRef(owner.uid);
            if (ref != null && ref.blockOwnerDeletion()) {
                blocking.add(dep);
            }
        }
        if (blocking.isEmpty()) {
            return writes.removeFinalizer(r, latest, GarbageCollector.FOREGROUND);
        }
        for (GraphNode dep : blocking) {
            if (!dep.beingDeleted) {
                requeue.accept(dep.uid);
            }
        }
        return Future.succeededFuture(); // their deletion events bring us back
    }

    private record Classified(List<OwnerRef> solid, List<OwnerRef> dangling, List<OwnerRef> waiting) {
    }

    private Future<Classified> classify(GraphNode node, List<OwnerRef> refs) {
        List<Future<OwnerLookup.State>> states = new ArrayList<>();
        for (OwnerRef ref : refs) {
            states.add(stateOf(node, ref));
        }
        return Future.all(states).map(v -> {
            Classified c = new Classified(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < refs.size(); i++) {
                switch (states.get(i).result()) {
                    case SOLID -> c.solid().add(refs.get(i));
                    case WAITING_FOR_DEPENDENTS -> c.waiting().add(refs.get(i));
                    case DANGLING, INVALID_NAMESPACE -> c.dangling().add(refs.get(i));
                }
            }
            return c;
        });
    }

    /**
     * An owner the graph holds (in a namespace that can own this object) answers from the graph; any other is looked
     * up in the API by name and uid — the graph may lag, and deleting on a stale "absent" would be unrecoverable.
     */
    private Future<OwnerLookup.State> stateOf(GraphNode node, OwnerRef ref) {
        GraphNode owner = graph.get(ref.uid());
        if (owner != null && node.canBeOwnedBy(owner)) {
            return Future.succeededFuture(owner.deletingDependents ? OwnerLookup.State.WAITING_FOR_DEPENDENTS
                    : OwnerLookup.State.SOLID);
        }
        return lookup.resolve(node, ref).map(state -> {
            if (state == OwnerLookup.State.INVALID_NAMESPACE || (owner != null && state == OwnerLookup.State.DANGLING)) {
                // Owners live in the dependent's namespace or in none; one elsewhere is no owner of it.
                recorder.warning(GarbageCollector.reference(node), "OwnerRefInvalidNamespace", "ownerRef "
                        + ref.describe(node.namespace) + " does not exist in namespace \"" + node.namespace + "\"");
            }
            return state;
        });
    }

    private Future<Void> act(GraphNode node, ApiResource r, ObjectNode latest, Classified c) {
        if (!c.solid().isEmpty()) {
            if (c.dangling().isEmpty() && c.waiting().isEmpty()) {
                return Future.succeededFuture();
            }
            // A solid owner keeps this object; it just stops naming owners that are gone or waiting for it.
            Set<String> drop = new HashSet<>();
            c.dangling().forEach(ref -> drop.add(ref.uid()));
            c.waiting().forEach(ref -> drop.add(ref.uid()));
            return writes.removeOwnerRefs(r, latest, drop);
        }
        if (!c.waiting().isEmpty() && !graph.dependentsOf(node.uid).isEmpty()) {
            // An owner waits for us and we have dependents: go in the foreground too, so the wait covers them.
            // If one of our dependents is itself deleting in the foreground we may be in an ownership cycle: stop
            // blocking our owners first (upstream's breaker), then delete (the patch moved the resourceVersion on).
            boolean cycle = graph.dependentsOf(node.uid).stream().map(graph::get)
                    .anyMatch(dep -> dep != null && dep.deletingDependents);
            boolean blocks = OwnerRef.of(latest).stream().anyMatch(OwnerRef::blockOwnerDeletion);
            if (cycle && blocks) {
                return writes.unblockOwnerRefs(r, latest).compose(v -> writes.delete(r, latest, "Foreground", false));
            }
            return writes.delete(r, latest, "Foreground", true);
        }
        String policy = Meta.hasFinalizer(latest, GarbageCollector.ORPHAN) ? "Orphan"
                : Meta.hasFinalizer(latest, GarbageCollector.FOREGROUND) ? "Foreground" : "Background";
        return writes.delete(r, latest, policy, true);
    }
}
