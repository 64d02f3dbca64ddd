package io.k3j.scheduler.plugins;

import io.k3j.scheduler.framework.ClusterEvent;

import java.util.EnumSet;
import java.util.Set;

/** The event sets plugins register (upstream's EventsToRegister, coarsened to {@link ClusterEvent}). */
final class Events {

    static final Set<ClusterEvent> NODE = Set.copyOf(EnumSet.of(ClusterEvent.NODE_ADDED, ClusterEvent.NODE_UPDATED));
    static final Set<ClusterEvent> NODE_AND_POD_DELETE = Set.copyOf(EnumSet.of(ClusterEvent.NODE_ADDED,
            ClusterEvent.NODE_UPDATED, ClusterEvent.ASSIGNED_POD_DELETED));
    static final Set<ClusterEvent> RESOURCES = Set.copyOf(EnumSet.of(ClusterEvent.NODE_ADDED,
            ClusterEvent.NODE_UPDATED, ClusterEvent.ASSIGNED_POD_DELETED, ClusterEvent.ASSIGNED_POD_UPDATED));
    static final Set<ClusterEvent> ALL = Set.copyOf(EnumSet.allOf(ClusterEvent.class));

    private Events() {
    }
}
