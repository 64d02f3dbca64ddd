package io.k3j.scheduler.plugins;

import io.k3j.api.selector.LabelSelector;
import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.cache.SpreadConstraint;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.ScorePlugin;
import io.k3j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * topologySpreadConstraints. Filter (whenUnsatisfiable DoNotSchedule): placing the pod in a node's domain must keep
 * {@code matching pods there + 1 - global minimum <= maxSkew}, where the minimum is 0 while fewer than minDomains
 * domains exist. Score (ScheduleAnyway): fewer matching pods in a node's domains is better.
 *
 * <p>Domains count only eligible nodes: those carrying every constraint's key, matching the pod's node affinity
 * (nodeAffinityPolicy Honor, the default) and, with nodeTaintsPolicy Honor, tolerated.
 *
 * <p>A pod without constraints that a Service or its controller selects is scored with upstream's system defaults:
 * hostname maxSkew 3 and zone maxSkew 5, ScheduleAnyway, over that selector.
 */
public final class PodTopologySpread implements FilterPlugin, ScorePlugin {

    public static final String NAME = "PodTopologySpread";
    public static final String REASON = "node(s) didn't match pod topology spread constraints";
    public static final String REASON_MISSING_LABEL = REASON + " (missing required label)";

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

    /** Matching-pod counts per domain value, one map per DoNotSchedule constraint. */
    static final class FilterState implements CycleState.Data {
        final List<SpreadConstraint> constraints;
        final List<Map<String, Integer>> counts;

        FilterState(List<SpreadConstraint> constraints, List<Map<String, Integer>> counts) {
            this.constraints = constraints;
            this.counts = counts;
        }

        int minMatch(int i) {
            Map<String, Integer> c = counts.get(i);
            if (c.size() < constraints.get(i).minDomains()) {
                return 0;
            }
            int min = Integer.MAX_VALUE;
            for (int v : c.values()) {
                min = Math.min(min, v);
            }
            return min;
        }

        @Override
        public FilterState copy() {
            List<Map<String, Integer>> c = new ArrayList<>();
            counts.forEach(m -> c.add(new HashMap<>(m)));
            return new FilterState(constraints, c);
        }
    }

    @Override
    public PreFilter preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        List<SpreadConstraint> hard = pod.spreadConstraints().stream().filter(SpreadConstraint::doNotSchedule).toList();
        if (hard.isEmpty()) {
            return PreFilter.SKIP;
        }
        List<Map<String, Integer>> counts = new ArrayList<>();
        List<Map<String, Integer>> perNode = new ArrayList<>();
        for (SpreadConstraint c : hard) {
            counts.add(new HashMap<>());
            perNode.add(SpreadCounting.countPerNode(snapshot, c.selector(), pod.namespace()));
        }
        for (NodeInfo node : snapshot.nodes()) {
            if (!SpreadCounting.hasAllKeys(node, hard)) {
                continue;
            }
            for (int i = 0; i < hard.size(); i++) {
                SpreadConstraint c = hard.get(i);
                if (SpreadCounting.included(c, pod, node)) {
                    int n = perNode.get(i).getOrDefault(node.name(), 0);
                    counts.get(i).merge(node.labels().get(c.topologyKey()), n, Integer::sum);
                }
            }
        }
        state.write(FILTER_KEY, new FilterState(hard, counts));
        return PreFilter.ALL;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState s = state.read(FILTER_KEY);
        for (int i = 0; i < s.constraints.size(); i++) {
            SpreadConstraint c = s.constraints.get(i);
            String value = node.labels().get(c.topologyKey());
            if (value == null) {
                return Status.unresolvable(REASON_MISSING_LABEL);
            }
            int self = c.selector().matches(pod.labels()) ? 1 : 0;
            long skew = (long) s.counts.get(i).getOrDefault(value, 0) + self - s.minMatch(i);
            if (skew > c.maxSkew()) {
                return Status.unschedulable(REASON);
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public void addPod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, ClusterSnapshot snapshot) {
        update(state, pod, other, node, 1);
    }

    @Override
    public void removePod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, ClusterSnapshot snapshot) {
        update(state, pod, other, node, -1);
    }

    private static void update(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, int delta) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null || !other.namespace().equals(pod.namespace()) || !SpreadCounting.hasAllKeys(node, s.constraints)) {
            return;
        }
        for (int i = 0; i < s.constraints.size(); i++) {
            SpreadConstraint c = s.constraints.get(i);
            if (c.selector().matches(other.labels()) && SpreadCounting.included(c, pod, node)) {
                s.counts.get(i).merge(node.labels().get(c.topologyKey()), delta, Integer::sum);
            }
        }
    }

    // --- Score ---------------------------------------------------------------------------------------------------

    /** Per ScheduleAnyway constraint: matching pods per domain value (hostname counted per node at Score). */
    static final class ScoreState implements CycleState.Data {
        final List<SpreadConstraint> constraints;
        final Set<String> ignoredNodes;
        final List<Map<String, long[]>> counts;
        final List<Map<String, Integer>> perNode;
        final double[] weights;

        ScoreState(List<SpreadConstraint> constraints, Set<String> ignoredNodes, List<Map<String, long[]>> counts,
                   List<Map<String, Integer>> perNode, double[] weights) {
            this.constraints = constraints;
            this.ignoredNodes = ignoredNodes;
            this.counts = counts;
            this.perNode = perNode;
            this.weights = weights;
        }

        @Override
        public ScoreState copy() {
            return this; // read-only after PreScore
        }
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        List<SpreadConstraint> soft = pod.spreadConstraints().stream().filter(c -> !c.doNotSchedule()).toList();
        boolean systemDefaulted = false;
        if (pod.spreadConstraints().isEmpty()) {
            soft = systemDefaults(pod, snapshot);
            systemDefaulted = true;
        }
        if (soft.isEmpty()) {
            return Status.SKIP;
        }
        // With system defaults a node lacking a key still counts (under the empty value), as upstream.
        boolean requireAllKeys = !systemDefaulted;
        Set<String> ignored = new HashSet<>();
        List<Map<String, long[]>> counts = new ArrayList<>();
        soft.forEach(c -> counts.add(new HashMap<>()));
        for (NodeInfo node : feasible) {
            if (requireAllKeys && !SpreadCounting.hasAllKeys(node, soft)) {
                ignored.add(node.name()); // nodes lacking a key score 0, as upstream
                continue;
            }
            for (int i = 0; i < soft.size(); i++) {
                SpreadConstraint c = soft.get(i);
                if (!c.topologyKey().equals(SpreadCounting.HOSTNAME)) {
                    counts.get(i).computeIfAbsent(node.labels().getOrDefault(c.topologyKey(), ""), k -> new long[1]);
                }
            }
        }
        double[] weights = new double[soft.size()];
        for (int i = 0; i < soft.size(); i++) {
            int size = soft.get(i).topologyKey().equals(SpreadCounting.HOSTNAME)
                    ? feasible.size() - ignored.size() : counts.get(i).size();
            weights[i] = Math.log(size + 2);
        }
        List<Map<String, Integer>> perNode = new ArrayList<>();
        for (SpreadConstraint c : soft) {
            perNode.add(SpreadCounting.countPerNode(snapshot, c.selector(), pod.namespace()));
        }
        for (NodeInfo node : snapshot.nodes()) {
            if (requireAllKeys && !SpreadCounting.hasAllKeys(node, soft)) {
                continue;
            }
            for (int i = 0; i < soft.size(); i++) {
                SpreadConstraint c = soft.get(i);
                long[] cnt = counts.get(i).get(node.labels().getOrDefault(c.topologyKey(), ""));
                if (cnt != null && SpreadCounting.included(c, pod, node)) {
                    cnt[0] += perNode.get(i).getOrDefault(node.name(), 0);
                }
            }
        }
        state.write(SCORE_KEY, new ScoreState(soft, ignored, counts, perNode, weights));
        return Status.SUCCESS;
    }

    /** Upstream's system default constraints, over the pod's Services' and controller's selector. */
    static List<SpreadConstraint> systemDefaults(PodInfo pod, ClusterSnapshot snapshot) {
        LabelSelector selector = snapshot.workloads().defaultSelectorFor(pod);
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        return List.of(
                new SpreadConstraint(3, SpreadCounting.HOSTNAME, false, selector, 1, true, false),
                new SpreadConstraint(5, "topology.kubernetes.io/zone", false, selector, 1, true, false));
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot) {
        ScoreState s = state.read(SCORE_KEY);
        if (s.ignoredNodes.contains(node.name())) {
            return 0;
        }
        double score = 0;
        for (int i = 0; i < s.constraints.size(); i++) {
            SpreadConstraint c = s.constraints.get(i);
            String value = node.labels().get(c.topologyKey());
            if (value == null) {
                continue;
            }
            long cnt = c.topologyKey().equals(SpreadCounting.HOSTNAME)
                    ? s.perNode.get(i).getOrDefault(node.name(), 0)
                    : s.counts.get(i).get(value)[0];
            // maxSkew-1 waters down differences between domains, making the score tolerate skew up to maxSkew.
            score += cnt * s.weights[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScoreState s = state.read(SCORE_KEY);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!s.ignoredNodes.contains(nodes.get(i).name())) {
                min = Math.min(min, scores[i]);
                max = Math.max(max, scores[i]);
            }
        }
        for (int i = 0; i < scores.length; i++) {
            if (s.ignoredNodes.contains(nodes.get(i).name())) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_NODE_SCORE;
            } else {
                scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
    }
}
