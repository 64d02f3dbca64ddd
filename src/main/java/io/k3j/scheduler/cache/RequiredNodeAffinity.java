package io.k3j.scheduler.cache;

import java.util.List;
import java.util.Map;

/**
 * A pod's hard node constraints: every {@code nodeSelector} pair, and at least one term of
 * {@code affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution} when present.
 */
public record RequiredNodeAffinity(Map<String, String> nodeSelector, List<NodeSelectorTerm> terms) {

    public static final RequiredNodeAffinity NONE = new RequiredNodeAffinity(Map.of(), null);

    public RequiredNodeAffinity {
        nodeSelector = Map.copyOf(nodeSelector);
        terms = terms == null ? null : List.copyOf(terms);
    }

    /** True when the pod constrains nodes at all (upstream's NodeAffinity PreFilter skips otherwise). */
    public boolean isSet() {
        return !nodeSelector.isEmpty() || terms != null;
    }

    public boolean matches(String nodeName, Map<String, String> nodeLabels) {
        for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
            if (!e.getValue().equals(nodeLabels.get(e.getKey()))) {
                return false;
            }
        }
        if (terms == null) {
            return true;
        }
        for (NodeSelectorTerm t : terms) {
            if (t.matches(nodeName, nodeLabels)) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(NodeInfo node) {
        return matches(node.name(), node.labels());
    }
}
