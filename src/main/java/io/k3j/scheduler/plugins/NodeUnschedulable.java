package io.k3j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.cache.Tolerations;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.Status;

import java.util.Set;

/** Cordoned nodes ({@code spec.unschedulable}) take only pods tolerating {@code node.kubernetes.io/unschedulable:NoSchedule}. */
public final class NodeUnschedulable implements FilterPlugin {

    public static final String NAME = "NodeUnschedulable";
    public static final String REASON = "node(s) were unschedulable";
    private static final Taint UNSCHEDULABLE_TAINT =
            new TaintBuilder().withKey("node.kubernetes.io/unschedulable").withEffect(Tolerations.NO_SCHEDULE).build();

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
        if (!node.unschedulable() || Tolerations.anyTolerates(pod.tolerations(), UNSCHEDULABLE_TAINT)) {
            return Status.SUCCESS;
        }
        return Status.unresolvable(REASON);
    }
}
