package io.k3j.controller.gc;

import io.k3j.api.GroupVersionResource;

import java.util.List;

/**
 * One object in the garbage collector's graph: who it is, whom it names as owners, and how far its own deletion
 * has got. Mutable, but touched only on the collector's context.
 */
final class GraphNode {

    final String uid;
    final String apiVersion;
    final String kind;
    final String namespace;
    final String name;
    /** The monitor (informer) that reports this object; a delete from any other one is not about it. */
    final GroupVersionResource source;
    List<OwnerRef> owners;
    /** metadata.deletionTimestamp is set. */
    boolean beingDeleted;
    /** Being deleted in the foreground: it waits, with the foregroundDeletion finalizer, for its blocking dependents. */
    boolean deletingDependents;

    GraphNode(String uid, String apiVersion, String kind, String namespace, String name, GroupVersionResource source,
              List<OwnerRef> owners) {
        this.uid = uid;
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
        this.source = source;
        this.owners = owners;
    }

    OwnerRef ownerRef(String ownerUid) {
        for (OwnerRef r : owners) {
            if (r.uid().equals(ownerUid)) {
                return r;
            }
        }
        return null;
    }

    /** Whether {@code owner} can own this object: same namespace, or a cluster-scoped owner. */
    boolean canBeOwnedBy(GraphNode owner) {
        return owner.namespace.isEmpty() || owner.namespace.equals(namespace);
    }

    @Override
    public String toString() {
        return apiVersion + "/" + kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name + " " + uid;
    }
}
