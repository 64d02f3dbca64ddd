package io.k3j.scheduler.framework;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;

import java.util.List;

/**
 * A Score plugin ranks the feasible nodes. PreScore runs once (returning SKIP drops the plugin for this pod), then
 * Score per node, then {@link #normalize} over all scores so each plugin ends in [0, 100] before its weight applies.
 */
public interface ScorePlugin extends Plugin {

    long MAX_NODE_SCORE = 100;

    default Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        return Status.SUCCESS;
    }

    long score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot);

    /** Rescales {@code scores} (index-aligned with {@code nodes}) in place; default: none. */
    default void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
    }

    /**
     * Upstream's DefaultNormalizeScore: scale to [0, max] by the highest score, reversed when a high raw score is
     * bad; all-zero scores become max when reversed, stay zero otherwise.
     */
    static void defaultNormalize(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? MAX_NODE_SCORE : scores[i];
                continue;
            }
            long s = MAX_NODE_SCORE * scores[i] / max;
            scores[i] = reverse ? MAX_NODE_SCORE - s : s;
        }
    }
}
