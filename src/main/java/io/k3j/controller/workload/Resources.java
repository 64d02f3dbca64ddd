package io.k3j.controller.workload;

import io.k3j.api.GroupVersionResource;

/** The resources the workload controllers read and write. */
final class Resources {

    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    static final GroupVersionResource SERVICES = new GroupVersionResource("", "v1", "services");
    static final GroupVersionResource ENDPOINTS = new GroupVersionResource("", "v1", "endpoints");
    static final GroupVersionResource PVCS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    static final GroupVersionResource REPLICATION_CONTROLLERS = new GroupVersionResource("", "v1", "replicationcontrollers");
    static final GroupVersionResource REPLICA_SETS = new GroupVersionResource("apps", "v1", "replicasets");
    static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");
    static final GroupVersionResource STATEFUL_SETS = new GroupVersionResource("apps", "v1", "statefulsets");
    static final GroupVersionResource DAEMON_SETS = new GroupVersionResource("apps", "v1", "daemonsets");
    static final GroupVersionResource CONTROLLER_REVISIONS = new GroupVersionResource("apps", "v1", "controllerrevisions");
    static final GroupVersionResource JOBS = new GroupVersionResource("batch", "v1", "jobs");
    static final GroupVersionResource CRON_JOBS = new GroupVersionResource("batch", "v1", "cronjobs");
    static final GroupVersionResource ENDPOINT_SLICES = new GroupVersionResource("discovery.k8s.io", "v1", "endpointslices");

    private Resources() {
    }
}
