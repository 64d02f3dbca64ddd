package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.cache.SpreadConstraint;
import io.k3j.scheduler.cache.Tolerations;
import io.k3j.api.selector.LabelSelector;

import java.util.List;

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

    /** Pods on the node in {@code namespace} the selector matches, terminating pods excepted. */
    static int countMatching(NodeInfo node, LabelSelector selector, String namespace) {
        if (selector.isEmpty() || selector.isNothing()) {
            return 0;
        }
        int n = 0;
        for (PodInfo p : node.pods()) {
            if (!p.terminating() && p.namespace().equals(namespace) && selector.matches(p.labels())) {
                n++;
            }
        }
        return n;
    }
}
