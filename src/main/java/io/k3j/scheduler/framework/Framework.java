package io.k3j.scheduler.framework;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Runs a profile's plugins at each extension point, with upstream's rules for SKIP, early exit and nominated pods. */
public final class Framework {

    private final Profile profile;

    public Framework(Profile profile) {
        this.profile = profile;
    }

    public Profile profile() {
        return profile;
    }

    /** PreFilter's combined outcome: a rejection (status and plugin) or the candidate set. */
    public record PreFilterOutcome(Status status, PreFilterResult result, Set<String> narrowedBy) {
    }

    public PreFilterOutcome runPreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        PreFilterResult result = PreFilterResult.ALL;
        Set<String> narrowedBy = new TreeSet<>();
        for (FilterPlugin p : profile.filters()) {
            FilterPlugin.PreFilter pf = p.preFilter(state, pod, snapshot);
            if (pf.status().isSkip()) {
                state.skippedFilters().add(p.name());
                continue;
            }
            if (!pf.status().isSuccess()) {
                return new PreFilterOutcome(pf.status().withPlugin(p.name()), result, Set.of(p.name()));
            }
            if (!pf.result().allNodes()) {
                narrowedBy.add(p.name());
            }
            result = result.merge(pf.result());
            if (!result.allNodes() && result.nodeNames().isEmpty()) {
                String msg = narrowedBy.size() == 1
                        ? "node(s) didn't satisfy plugin " + narrowedBy.iterator().next()
                        : "node(s) didn't satisfy plugin(s) " + goList(narrowedBy) + " simultaneously";
                return new PreFilterOutcome(Status.unresolvable(msg).withPlugin(p.name()), result, narrowedBy);
            }
        }
        return new PreFilterOutcome(Status.SUCCESS, result, narrowedBy);
    }

    /** Filter plugins in order; the first rejection wins (with its plugin's name). */
    public Status runFilters(CycleState state, PodInfo pod, NodeInfo node) {
        for (FilterPlugin p : profile.filters()) {
            if (state.skippedFilters().contains(p.name())) {
                continue;
            }
            Status s = p.filter(state, pod, node);
            if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.SUCCESS;
    }

    /**
     * Upstream's RunFilterPluginsWithNominatedPods: when pods of equal or higher priority are nominated to the node,
     * the pod must fit both with them placed there and without them (affinity to them must not be relied on).
     */
    public Status runFiltersWithNominated(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot) {
        List<PodInfo> nominated = new ArrayList<>();
        for (PodInfo np : snapshot.nominatedPods(node.name())) {
            if (np.priority() >= pod.priority() && !np.uid().equals(pod.uid())) {
                nominated.add(np);
            }
        }
        if (nominated.isEmpty()) {
            return runFilters(state, pod, node);
        }
        CycleState withState = state.copy();
        NodeInfo withNode = node.copy();
        for (PodInfo np : nominated) {
            withNode.addPod(np);
            addPod(withState, pod, np, withNode, snapshot);
        }
        Status s = runFilters(withState, pod, withNode);
        return s.isSuccess() ? runFilters(state, pod, node) : s;
    }

    public void addPod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, ClusterSnapshot snapshot) {
        for (FilterPlugin p : profile.filters()) {
            if (!state.skippedFilters().contains(p.name())) {
                p.addPod(state, pod, other, node, snapshot);
            }
        }
    }

    public void removePod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, ClusterSnapshot snapshot) {
        for (FilterPlugin p : profile.filters()) {
            if (!state.skippedFilters().contains(p.name())) {
                p.removePod(state, pod, other, node, snapshot);
            }
        }
    }

    /** PreScore, Score and normalization of every plugin, weighted and summed per node (index-aligned). */
    public long[] runScores(CycleState state, PodInfo pod, List<NodeInfo> nodes, ClusterSnapshot snapshot) {
        long[] total = new long[nodes.size()];
        long[] scores = new long[nodes.size()];
        for (Profile.WeightedScore ws : profile.scores()) {
            ScorePlugin p = ws.plugin();
            Status pre = p.preScore(state, pod, nodes, snapshot);
            if (pre.isSkip()) {
                continue;
            }
            for (int i = 0; i < nodes.size(); i++) {
                scores[i] = p.score(state, pod, nodes.get(i), snapshot);
            }
            p.normalize(state, pod, nodes, scores);
            for (int i = 0; i < nodes.size(); i++) {
                total[i] += scores[i] * ws.weight();
            }
        }
        return total;
    }

    /** Go's %v of a string slice: "[a b]". */
    static String goList(Set<String> names) {
        return "[" + String.join(" ", names) + "]";
    }
}
