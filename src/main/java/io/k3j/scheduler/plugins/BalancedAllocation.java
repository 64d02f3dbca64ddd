package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.ScorePlugin;

import io.k3j.scheduler.framework.Status;

import java.util.List;
import java.util.Set;

/**
 * NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in equal proportion after
 * placing the pod. Score = (1 - |cpuFraction - memFraction| / 2) * 100, fractions of allocatable capped at 1,
 * counting the pods' actual requests (upstream's useRequested).
 */
public final class BalancedAllocation implements ScorePlugin {

    public static final String NAME = "NodeResourcesBalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Events.RESOURCES;
    }

    /** Best-effort pods are not scored here, or they would pile onto one node (upstream issue 129138). */
    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        return pod.requests().milliCpu() == 0 && pod.requests().memory() == 0 ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot) {
        long cpuAlloc = node.allocatable().milliCpu();
        long memAlloc = node.allocatable().memory();
        double[] fractions = new double[2];
        int n = 0;
        if (cpuAlloc > 0) {
            fractions[n++] = fraction(node.requested().milliCpu() + pod.requests().milliCpu(), cpuAlloc);
        }
        if (memAlloc > 0) {
            fractions[n++] = fraction(node.requested().memory() + pod.requests().memory(), memAlloc);
        }
        double std = n == 2 ? Math.abs((fractions[0] - fractions[1]) / 2) : 0;
        return (long) ((1 - std) * MAX_NODE_SCORE);
    }

    private static double fraction(long requested, long allocatable) {
        return Math.min(1.0, (double) requested / (double) allocatable);
    }
}
