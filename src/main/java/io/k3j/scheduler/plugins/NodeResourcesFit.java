package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.cache.Resources;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.ScorePlugin;
import io.k3j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filter: the node's allocatable minus what its pods request must cover the pod's requests, resource by resource
 * (pod count, cpu, memory, ephemeral-storage, extended resources); every shortfall is a reason of its own.
 * Score (upstream's default LeastAllocated strategy, cpu and memory weighted 1 each): the free fraction left after
 * placing the pod, counting best-effort containers at 100m cpu and 200Mi memory.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {

    public static final String NAME = "NodeResourcesFit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Events.RESOURCES;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<String> reasons = insufficient(pod.requests(), node);
        return reasons.isEmpty() ? Status.SUCCESS : Status.unschedulable(reasons.toArray(String[]::new));
    }

    /** The upstream reasons the node lacks room for {@code req}: "Too many pods", "Insufficient cpu", ... */
    public static List<String> insufficient(Resources req, NodeInfo node) {
        List<String> reasons = new ArrayList<>(1);
        Resources alloc = node.allocatable();
        Resources used = node.requested();
        if (node.pods().size() + 1 > alloc.pods()) {
            reasons.add("Too many pods");
        }
        if (req.isZero()) {
            return reasons;
        }
        if (req.milliCpu() > 0 && req.milliCpu() > alloc.milliCpu() - used.milliCpu()) {
            reasons.add("Insufficient cpu");
        }
        if (req.memory() > 0 && req.memory() > alloc.memory() - used.memory()) {
            reasons.add("Insufficient memory");
        }
        if (req.ephemeralStorage() > 0 && req.ephemeralStorage() > alloc.ephemeralStorage() - used.ephemeralStorage()) {
            reasons.add("Insufficient ephemeral-storage");
        }
        for (Map.Entry<String, Long> e : req.scalars().entrySet()) {
            long q = e.getValue();
            if (q != 0 && q > alloc.scalar(e.getKey()) - used.scalar(e.getKey())) {
                reasons.add("Insufficient " + e.getKey());
            }
        }
        return reasons;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot) {
        long cpuAlloc = node.allocatable().milliCpu();
        long memAlloc = node.allocatable().memory();
        long sum = 0;
        long weights = 0;
        if (cpuAlloc > 0) {
            sum += leastRequested(node.nonZeroMilliCpu() + pod.nonZeroMilliCpu(), cpuAlloc);
            weights++;
        }
        if (memAlloc > 0) {
            sum += leastRequested(node.nonZeroMemory() + pod.nonZeroMemory(), memAlloc);
            weights++;
        }
        return weights == 0 ? 0 : sum / weights;
    }

    static long leastRequested(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }
}
