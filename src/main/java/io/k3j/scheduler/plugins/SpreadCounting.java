package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.cache.SpreadConstraint;
import io.k3j.scheduler.cache.Tolerations;
import io.k3j.api.selector.LabelSelector;

import io.k3j.scheduler.cache.ClusterSnapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared rules of PodTopologySpread's filter and score halves. */
final class SpreadCounting {

    static final String HOSTNAME = "kubernetes.io/hostname";

    private SpreadCounting() {
    }

    /** The node carries every constraint's topology key. */
    static boolean hasAllKeys(NodeInfo node, List<SpreadConstraint> constraints) {
        for (SpreadConstraint c : constraints) {
            if (!node.labels().containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    /** nodeAffinityPolicy / nodeTaintsPolicy: whether the node's domain counts for this constraint. */
    static boolean included(SpreadConstraint c, PodInfo pod, NodeInfo node) {
        if (c.honorNodeAffinity() && !pod.requiredNodeAffinity().matches(node)) {
            return false;
        }
        return !c.honorNodeTaints()
                || Tolerations.firstUntolerated(node.taints(), pod.tolerations(), Tolerations.DO_NOT_SCHEDULE) == null;
    }

    /**
     * Per node name, the pods in {@code namespace} the selector matches, terminating pods excepted (from the
     * snapshot's label index: the cost is the matching pods, not all pods).
     */
    static Map<String, Integer> countPerNode(ClusterSnapshot snapshot, LabelSelector selector, String namespace) {
        if (selector.isEmpty() || selector.isNothing()) {
            return Map.of();
        }
        Map<String, Integer> out = new HashMap<>();
        for (PodInfo p : snapshot.podsMatching(namespace, selector)) {
            if (!p.terminating()) {
                out.merge(p.nodeName(), 1, Integer::sum);
            }
        }
        return out;
    }
}
