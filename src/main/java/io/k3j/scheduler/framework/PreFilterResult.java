package io.k3j.scheduler.framework;

import java.util.HashSet;
import java.util.Set;

/**
 * What PreFilter may narrow the candidates to: all nodes ({@code nodeNames == null}) or a named set. Results
 * of several plugins intersect.
 */
public record PreFilterResult(Set<String> nodeNames) {

    public static final PreFilterResult ALL = new PreFilterResult(null);

    public boolean allNodes() {
        return nodeNames == null;
    }

    public PreFilterResult merge(PreFilterResult other) {
        if (other == null || other.allNodes()) {
            return this;
        }
        if (allNodes()) {
            return other;
        }
        Set<String> s = new HashSet<>(nodeNames);
        s.retainAll(other.nodeNames);
        return new PreFilterResult(s);
    }
}
