package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.ScorePlugin;

import java.util.Set;

/**
 * Prefers nodes that already hold the pod's images. Each present image counts its size scaled by the share of
 * nodes having it (so an image everywhere is no reason to pick one node); the sum is clamped to
 * [23 MiB, 1000 MiB x containers] and mapped linearly onto [0, 100].
 */
public final class ImageLocality implements ScorePlugin {

    public static final String NAME = "ImageLocality";
    private static final long MB = 1024L * 1024;
    private static final long MIN_THRESHOLD = 23 * MB;
    private static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Set.of();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot) {
        if (pod.images().isEmpty()) {
            return 0;
        }
        int totalNodes = snapshot.nodes().size();
        long sum = 0;
        for (String image : pod.images()) {
            Long size = node.imageSizes().get(image);
            if (size != null) {
                double spread = (double) snapshot.imageNodeCount(image) / totalNodes;
                sum += (long) (size * spread);
            }
        }
        long maxThreshold = MAX_CONTAINER_THRESHOLD * pod.images().size();
        sum = Math.max(MIN_THRESHOLD, Math.min(maxThreshold, sum));
        return MAX_NODE_SCORE * (sum - MIN_THRESHOLD) / (maxThreshold - MIN_THRESHOLD);
    }
}
