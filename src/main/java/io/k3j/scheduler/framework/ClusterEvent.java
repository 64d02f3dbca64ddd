package io.k3j.scheduler.framework;

/** Cluster changes that can make an unschedulable pod schedulable (upstream's ClusterEvent, coarsened). */
public enum ClusterEvent {
    NODE_ADDED,
    /** Any change to a node's labels, taints, allocatable, images or unschedulable flag. */
    NODE_UPDATED,
    /** A pod bound to a node appeared (pod affinity may now be satisfiable). */
    ASSIGNED_POD_ADDED,
    /** A bound pod changed (labels, requests). */
    ASSIGNED_POD_UPDATED,
    /** A bound pod went away (or finished), freeing resources, ports and anti-affinity. */
    ASSIGNED_POD_DELETED,
    /** A PersistentVolume, claim or StorageClass appeared or changed (claims may now be satisfiable). */
    VOLUME_CHANGED,
    /** Something the scheduler cannot attribute (volumes, namespaces); retries everything. */
    WILDCARD
}
