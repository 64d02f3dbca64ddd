package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.Profile;

import java.util.List;

/** Upstream's default profile: its Filter order and its Score weights. */
public final class DefaultPlugins {

    private DefaultPlugins() {
    }

    public static Profile profile() {
        return profile(new VolumeBinding());
    }

    /** The default profile with another VolumeBinding (a real claim binder, once there is one). */
    public static Profile profile(VolumeBinding volumeBinding) {
        TaintToleration taints = new TaintToleration();
        NodeAffinity nodeAffinity = new NodeAffinity();
        NodeResourcesFit fit = new NodeResourcesFit();
        PodTopologySpread spread = new PodTopologySpread();
        InterPodAffinity interPod = new InterPodAffinity();
        List<FilterPlugin> filters = List.of(new NodeUnschedulable(), new NodeName(), taints, nodeAffinity,
                new NodePorts(), fit, volumeBinding, spread, interPod);
        List<Profile.WeightedScore> scores = List.of(
                new Profile.WeightedScore(taints, 3),
                new Profile.WeightedScore(nodeAffinity, 2),
                new Profile.WeightedScore(fit, 1),
                new Profile.WeightedScore(spread, 2),
                new Profile.WeightedScore(interPod, 2),
                new Profile.WeightedScore(new BalancedAllocation(), 1),
                new Profile.WeightedScore(new ImageLocality(), 1));
        return new Profile(PodInfo.DEFAULT_SCHEDULER, filters, scores, 0);
    }
}
