package io.k3j.scheduler.framework;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;

/**
 * A Filter plugin decides, per node, whether the pod may go there. PreFilter runs once per cycle first: it may
 * compute state for Filter, narrow the candidates, reject the pod outright, or return SKIP so Filter is not run.
 */
public interface FilterPlugin extends Plugin {

    /** A PreFilter outcome: a status (SUCCESS, SKIP or a rejection) and, on success, the candidate nodes. */
    record PreFilter(Status status, PreFilterResult result) {
        public static final PreFilter ALL = new PreFilter(Status.SUCCESS, PreFilterResult.ALL);
        public static final PreFilter SKIP = new PreFilter(Status.SKIP, PreFilterResult.ALL);

        public static PreFilter reject(Status s) {
            return new PreFilter(s, PreFilterResult.ALL);
        }
    }

    default PreFilter preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        return PreFilter.ALL;
    }

    Status filter(CycleState state, PodInfo pod, NodeInfo node);

    /**
     * Keeps PreFilter state right when preemption (or nominated pods) add {@code other} to {@code node} in a
     * what-if copy. Plugins whose PreFilter state depends on other pods override both.
     */
    default void addPod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, ClusterSnapshot snapshot) {
    }

    default void removePod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, ClusterSnapshot snapshot) {
    }
}
