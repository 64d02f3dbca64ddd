package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.Status;

import java.util.Set;

/** A pod naming a node in {@code spec.nodeName} fits only that node. */
public final class NodeName implements FilterPlugin {

    public static final String NAME = "NodeName";
    public static final String REASON = "node(s) didn't match the requested node name";

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
        if (pod.nodeName() == null || pod.nodeName().equals(node.name())) {
            return Status.SUCCESS;
        }
        return Status.unresolvable(REASON);
    }
}
