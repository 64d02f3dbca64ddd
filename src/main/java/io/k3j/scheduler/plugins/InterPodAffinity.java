package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.AffinityTerm;
import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.cache.TermIndex;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.ScorePlugin;
import io.k3j.scheduler.framework.Status;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod affinity and anti-affinity. Filter, on required terms: the pod's affinity terms need a matching pod in the
 * node's domain (or, for the first of a group, no matching pod anywhere and the pod matching its own terms); its
 * anti-affinity terms need none; and no existing pod's anti-affinity term may match the pod within its domain.
 * Score, on preferred terms both ways (and existing pods' required affinity at weight 1): sums per domain,
 * min-max normalized.
 */
public final class InterPodAffinity implements FilterPlugin, ScorePlugin {

    public static final String NAME = "InterPodAffinity";
    public static final String REASON_AFFINITY = "node(s) didn't match pod affinity rules";
    public static final String REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    public static final String REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

    /** Upstream's hardPodAffinityWeight default: existing pods' required affinity counts this much in scoring. */
    static final int HARD_POD_AFFINITY_WEIGHT = 1;

    private static final String FILTER_KEY = "PreFilter" + NAME;
    private static final String SCORE_KEY = "PreScore" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Events.ALL;
    }

    // --- Filter --------------------------------------------------------------------------------------------------

    static final class FilterState implements CycleState.Data {
        final Map<String, String> podNamespaceLabels;
        final TopologyCounts existingAntiAffinity;
        final TopologyCounts affinity;
        final TopologyCounts antiAffinity;

        FilterState(Map<String, String> nsLabels, TopologyCounts existing, TopologyCounts affinity, TopologyCounts anti) {
            this.podNamespaceLabels = nsLabels;
            this.existingAntiAffinity = existing;
            this.affinity = affinity;
            this.antiAffinity = anti;
        }

        @Override
        public FilterState copy() {
            return new FilterState(podNamespaceLabels, existingAntiAffinity.copy(), affinity.copy(), antiAffinity.copy());
        }
    }

    @Override
    public PreFilter preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        Map<String, String> nsLabels = snapshot.namespaceLabels(pod.namespace());
        // Existing pods' required anti-affinity: one match per distinct term, then its carriers' nodes.
        TopologyCounts existing = new TopologyCounts();
        for (TermIndex.Entry e : snapshot.requiredAntiAffinityTerms().entries()) {
            if (e.term().matches(pod, nsLabels)) {
                forEachNode(snapshot, e.perNode(), (node, n) -> existing.update(node, e.term().topologyKey(), n));
            }
        }
        if (existing.isEmpty() && pod.requiredAffinity().isEmpty() && pod.requiredAntiAffinity().isEmpty()) {
            return PreFilter.SKIP;
        }
        // The pod's own terms: only the pods they match (from the label index) count.
        TopologyCounts affinity = new TopologyCounts();
        if (!pod.requiredAffinity().isEmpty()) {
            for (PodInfo p : snapshot.podsMatching(pod.requiredAffinity().get(0))) {
                NodeInfo node = snapshot.node(p.nodeName());
                if (node != null && matchesAll(pod.requiredAffinity(), p, snapshot.namespaceLabels(p.namespace()))) {
                    pod.requiredAffinity().forEach(t -> affinity.update(node, t.topologyKey(), 1));
                }
            }
        }
        TopologyCounts anti = new TopologyCounts();
        for (AffinityTerm t : pod.requiredAntiAffinity()) {
            for (PodInfo p : snapshot.podsMatching(t)) {
                NodeInfo node = snapshot.node(p.nodeName());
                if (node != null) {
                    anti.update(node, t.topologyKey(), 1);
                }
            }
        }
        state.write(FILTER_KEY, new FilterState(nsLabels, existing, affinity, anti));
        return PreFilter.ALL;
    }

    private static void forEachNode(ClusterSnapshot snapshot, Map<String, Integer> perNode,
                                    java.util.function.ObjIntConsumer<NodeInfo> action) {
        perNode.forEach((name, n) -> {
            NodeInfo node = snapshot.node(name);
            if (node != null) {
                action.accept(node, n);
            }
        });
    }

    private static void countExistingAntiAffinity(TopologyCounts counts, PodInfo pod, Map<String, String> podNsLabels,
                                                  PodInfo existing, NodeInfo node, long delta) {
        for (AffinityTerm t : existing.requiredAntiAffinity()) {
            if (t.matches(pod, podNsLabels)) {
                counts.update(node, t.topologyKey(), delta);
            }
        }
    }

    private static void countIncoming(TopologyCounts affinity, TopologyCounts anti, PodInfo pod, PodInfo existing,
                                      Map<String, String> existingNsLabels, NodeInfo node, long delta) {
        if (!pod.requiredAffinity().isEmpty() && matchesAll(pod.requiredAffinity(), existing, existingNsLabels)) {
            for (AffinityTerm t : pod.requiredAffinity()) {
                affinity.update(node, t.topologyKey(), delta);
            }
        }
        for (AffinityTerm t : pod.requiredAntiAffinity()) {
            if (t.matches(existing, existingNsLabels)) {
                anti.update(node, t.topologyKey(), delta);
            }
        }
    }

    private static boolean matchesAll(List<AffinityTerm> terms, PodInfo p, Map<String, String> nsLabels) {
        for (AffinityTerm t : terms) {
            if (!t.matches(p, nsLabels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState s = state.read(FILTER_KEY);
        if (!satisfiesAffinity(s, pod, node)) {
            return Status.unresolvable(REASON_AFFINITY);
        }
        if (!s.antiAffinity.isEmpty()) {
            for (AffinityTerm t : pod.requiredAntiAffinity()) {
                String v = node.labels().get(t.topologyKey());
                if (v != null && s.antiAffinity.get(t.topologyKey(), v) > 0) {
                    return Status.unschedulable(REASON_ANTI_AFFINITY);
                }
            }
        }
        if (!s.existingAntiAffinity.isEmpty()) {
            for (Map.Entry<String, String> label : node.labels().entrySet()) {
                if (s.existingAntiAffinity.get(label.getKey(), label.getValue()) > 0) {
                    return Status.unschedulable(REASON_EXISTING_ANTI_AFFINITY);
                }
            }
        }
        return Status.SUCCESS;
    }

    private static boolean satisfiesAffinity(FilterState s, PodInfo pod, NodeInfo node) {
        boolean podsExist = true;
        for (AffinityTerm t : pod.requiredAffinity()) {
            String v = node.labels().get(t.topologyKey());
            if (v == null) {
                return false; // every topology key must exist on the node
            }
            if (s.affinity.get(t.topologyKey(), v) <= 0) {
                podsExist = false;
            }
        }
        if (podsExist) {
            return true;
        }
        // The first pod of a group with affinity to itself: no matching pod anywhere, and it matches its own terms.
        return s.affinity.isEmpty() && matchesAll(pod.requiredAffinity(), pod, s.podNamespaceLabels);
    }

    @Override
    public void addPod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, ClusterSnapshot snapshot) {
        update(state, pod, other, node, snapshot, 1);
    }

    @Override
    public void removePod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, ClusterSnapshot snapshot) {
        update(state, pod, other, node, snapshot, -1);
    }

    private static void update(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, ClusterSnapshot snapshot,
                               long delta) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null) {
            return;
        }
        countExistingAntiAffinity(s.existingAntiAffinity, pod, s.podNamespaceLabels, other, node, delta);
        countIncoming(s.affinity, s.antiAffinity, pod, other, snapshot.namespaceLabels(other.namespace()), node, delta);
    }

    // --- Score ---------------------------------------------------------------------------------------------------

    /** Score per topology key, then per value. */
    static final class ScoreState implements CycleState.Data {
        final Map<String, Map<String, Long>> scores;

        ScoreState(Map<String, Map<String, Long>> scores) {
            this.scores = scores;
        }

        @Override
        public ScoreState copy() {
            return this;
        }
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        Map<String, String> podNsLabels = snapshot.namespaceLabels(pod.namespace());
        Map<String, Map<String, Long>> scores = new HashMap<>();
        // The pod's preferred terms, against the pods they match.
        for (AffinityTerm t : pod.preferredAffinity()) {
            addMatched(scores, t, t.weight(), snapshot);
        }
        for (AffinityTerm t : pod.preferredAntiAffinity()) {
            addMatched(scores, t, -t.weight(), snapshot);
        }
        // Existing pods' terms that match the pod: required affinity at the hard weight, preferred at theirs.
        addExisting(scores, snapshot.requiredAffinityTerms(), pod, podNsLabels, snapshot, HARD_POD_AFFINITY_WEIGHT, 1);
        addExisting(scores, snapshot.preferredAffinityTerms(), pod, podNsLabels, snapshot, 0, 1);
        addExisting(scores, snapshot.preferredAntiAffinityTerms(), pod, podNsLabels, snapshot, 0, -1);
        if (scores.isEmpty()) {
            return Status.SKIP; // nothing to prefer anywhere: every node would score the same
        }
        state.write(SCORE_KEY, new ScoreState(scores));
        return Status.SUCCESS;
    }

    private static void addMatched(Map<String, Map<String, Long>> scores, AffinityTerm t, long weight,
                                   ClusterSnapshot snapshot) {
        for (PodInfo p : snapshot.podsMatching(t)) {
            NodeInfo node = snapshot.node(p.nodeName());
            if (node != null) {
                add(scores, t.topologyKey(), node, weight);
            }
        }
    }

    /** {@code fixedWeight} 0 means "the term's own weight". */
    private static void addExisting(Map<String, Map<String, Long>> scores, TermIndex index, PodInfo pod,
                                    Map<String, String> podNsLabels, ClusterSnapshot snapshot, int fixedWeight, int sign) {
        for (TermIndex.Entry e : index.entries()) {
            AffinityTerm t = e.term();
            if (t.matches(pod, podNsLabels)) {
                long w = (long) (fixedWeight != 0 ? fixedWeight : t.weight()) * sign;
                forEachNode(snapshot, e.perNode(), (node, n) -> add(scores, t.topologyKey(), node, w * n));
            }
        }
    }

    private static void add(Map<String, Map<String, Long>> scores, String topologyKey, NodeInfo node, long delta) {
        String v = node.labels().get(topologyKey);
        if (v != null) {
            scores.computeIfAbsent(topologyKey, k -> new HashMap<>()).merge(v, delta, Long::sum);
        }
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot) {
        ScoreState s = state.read(SCORE_KEY);
        long score = 0;
        for (Map.Entry<String, Map<String, Long>> e : s.scores.entrySet()) {
            String v = node.labels().get(e.getKey());
            if (v != null) {
                score += e.getValue().getOrDefault(v, 0L);
            }
        }
        return score;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : scores) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            scores[i] = diff > 0 ? (long) (MAX_NODE_SCORE * ((double) (scores[i] - min) / diff)) : 0;
        }
    }
}
