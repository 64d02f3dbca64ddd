package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.HostPort;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.Status;

import java.util.Set;

/** A pod's host ports must be free on the node (same protocol and port, overlapping host IP). */
public final class NodePorts implements FilterPlugin {

    public static final String NAME = "NodePorts";
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Events.NODE_AND_POD_DELETE;
    }

    @Override
    public PreFilter preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        return pod.hostPorts().isEmpty() ? PreFilter.SKIP : PreFilter.ALL;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        for (HostPort p : pod.hostPorts()) {
            if (node.portInUse(p)) {
                return Status.unschedulable(REASON);
            }
        }
        return Status.SUCCESS;
    }
}
