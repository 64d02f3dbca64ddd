package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.NodeSelectorTerm;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.PreFilterResult;
import io.k3j.scheduler.framework.ScorePlugin;
import io.k3j.scheduler.framework.Status;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Filter: {@code nodeSelector} and required node affinity. PreFilter narrows the candidates when every required
 * term pins {@code metadata.name} (DaemonSet pods do), and rejects the pod when those pins contradict each other.
 * Score: the summed weights of the preferred terms a node matches, normalized.
 */
public final class NodeAffinity implements FilterPlugin, ScorePlugin {

    public static final String NAME = "NodeAffinity";
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";
    public static final String REASON_CONFLICT = "pod affinity terms conflict";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Events.NODE;
    }

    @Override
    public PreFilter preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        if (!pod.requiredNodeAffinity().isSet()) {
            return PreFilter.SKIP;
        }
        List<NodeSelectorTerm> terms = pod.requiredNodeAffinity().terms();
        if (terms == null) {
            return PreFilter.ALL;
        }
        Set<String> names = null;
        for (NodeSelectorTerm t : terms) {
            Set<String> pinned = t.pinnedNodeNames();
            if (pinned == null) {
                return PreFilter.ALL; // terms are ORed: one unpinned term leaves every node possible
            }
            if (names == null) {
                names = new HashSet<>();
            }
            names.addAll(pinned);
        }
        if (names != null && names.isEmpty()) {
            return PreFilter.reject(Status.unresolvable(REASON_CONFLICT));
        }
        return names == null ? PreFilter.ALL : new PreFilter(Status.SUCCESS, new PreFilterResult(names));
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return pod.requiredNodeAffinity().matches(node) ? Status.SUCCESS : Status.unresolvable(REASON);
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        return pod.preferredNodeAffinity().isEmpty() ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot) {
        long sum = 0;
        for (PodInfo.WeightedNodeTerm t : pod.preferredNodeAffinity()) {
            if (t.term().matches(node.name(), node.labels())) {
                sum += t.weight();
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.defaultNormalize(scores, false);
    }
}
