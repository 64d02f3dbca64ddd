package io.k3j.controller.gc;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ownerReference graph over every object the collector watches: nodes by uid, and for every owner uid named
 * anywhere the uids of the objects naming it — kept even while the owner itself is not (or no longer) in the graph,
 * so an owner that shows up late, or is gone, still finds its dependents. Touched only on the collector's context.
 */
final class OwnerGraph {

    private final Map<String, GraphNode> nodes = new HashMap<>();
    private final Map<String, Set<String>> dependents = new HashMap<>();

    GraphNode get(String uid) {
        return nodes.get(uid);
    }

    int size() {
        return nodes.size();
    }

    /** Adds or replaces {@code node}, relinking it to the owners it names now. */
    void put(GraphNode node) {
        GraphNode old = nodes.put(node.uid, node);
        if (old != null) {
            unlink(old);
        }
        for (OwnerRef r : node.owners) {
            dependents.computeIfAbsent(r.uid(), k -> new HashSet<>()).add(node.uid);
        }
    }

    /** Changes the owners of a node in place. */
    void setOwners(GraphNode node, List<OwnerRef> owners) {
        unlink(node);
        node.owners = owners;
        for (OwnerRef r : owners) {
            dependents.computeIfAbsent(r.uid(), k -> new HashSet<>()).add(node.uid);
        }
    }

    GraphNode remove(String uid) {
        GraphNode old = nodes.remove(uid);
        if (old != null) {
            unlink(old);
        }
        return old;
    }

    /** The uids of objects that name {@code ownerUid} as an owner (whether or not they are in the graph yet). */
    Set<String> dependentsOf(String ownerUid) {
        return Set.copyOf(dependents.getOrDefault(ownerUid, Set.of()));
    }

    private void unlink(GraphNode node) {
        for (OwnerRef r : node.owners) {
            Set<String> s = dependents.get(r.uid());
            if (s != null) {
                s.remove(node.uid);
                if (s.isEmpty()) {
                    dependents.remove(r.uid());
                }
            }
        }
    }
}
