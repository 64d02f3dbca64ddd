package io.k3j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.cache.Tolerations;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.ScorePlugin;
import io.k3j.scheduler.framework.Status;

import java.util.List;
import java.util.Set;

/**
 * Filter: a NoSchedule or NoExecute taint the pod does not tolerate rules the node out. Score: fewer untolerated
 * PreferNoSchedule taints is better (counted, then normalized in reverse).
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {

    public static final String NAME = "TaintToleration";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Events.NODE;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Taint t = Tolerations.firstUntolerated(node.taints(), pod.tolerations(), Tolerations.DO_NOT_SCHEDULE);
        if (t == null) {
            return Status.SUCCESS;
        }
        return Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": "
                + (t.getValue() == null ? "" : t.getValue()) + "}");
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot) {
        if (node.taints().isEmpty()) {
            return 0;
        }
        // Only tolerations with no effect or PreferNoSchedule count, as upstream's PreScore selects.
        List<Toleration> prefer = pod.tolerations().stream()
                .filter(t -> t.getEffect() == null || t.getEffect().isEmpty()
                        || Tolerations.PREFER_NO_SCHEDULE.equals(t.getEffect()))
                .toList();
        long n = 0;
        for (Taint t : node.taints()) {
            if (Tolerations.PREFER_NO_SCHEDULE.equals(t.getEffect()) && !Tolerations.anyTolerates(prefer, t)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.defaultNormalize(scores, true);
    }
}
