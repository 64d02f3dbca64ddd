package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.ScorePlugin;
import io.k3j.scheduler.framework.Status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one plugin the way the framework does, for plugin tests. */
final class PluginHarness {

    private PluginHarness() {
    }

    /** PreFilter then Filter on every node: node name to reason ("" when it fits, "SKIP" when PreFilter skipped). */
    static Map<String, String> filter(FilterPlugin p, PodInfo pod, ClusterSnapshot s) {
        CycleState state = new CycleState();
        FilterPlugin.PreFilter pre = p.preFilter(state, pod, s);
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeInfo n : s.nodes()) {
            if (pre.status().isSkip()) {
                out.put(n.name(), "SKIP");
            } else if (!pre.status().isSuccess()) {
                out.put(n.name(), "PreFilter: " + pre.status().message());
            } else if (!pre.result().allNodes() && !pre.result().nodeNames().contains(n.name())) {
                out.put(n.name(), "narrowed");
            } else {
                Status st = p.filter(state, pod, n);
                out.put(n.name(), st.isSuccess() ? "" : st.message());
            }
        }
        return out;
    }

    /** PreScore, Score and normalize over every node: node name to normalized score (null when skipped). */
    static Map<String, Long> score(ScorePlugin p, PodInfo pod, ClusterSnapshot s) {
        CycleState state = new CycleState();
        List<NodeInfo> nodes = s.nodes();
        Map<String, Long> out = new LinkedHashMap<>();
        if (p.preScore(state, pod, nodes, s).isSkip()) {
            nodes.forEach(n -> out.put(n.name(), null));
            return out;
        }
        long[] scores = new long[nodes.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = p.score(state, pod, nodes.get(i), s);
        }
        p.normalize(state, pod, nodes, scores);
        for (int i = 0; i < scores.length; i++) {
            out.put(nodes.get(i).name(), scores[i]);
        }
        return out;
    }
}
