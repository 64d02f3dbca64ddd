package io.k3j.controller.support;

import io.k3j.api.GroupVersionResource;

/** The resources the core controllers read and write. */
public final class Resources {

    public static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    public static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    public static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    public static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    public static final GroupVersionResource SERVICEACCOUNTS = new GroupVersionResource("", "v1", "serviceaccounts");
    public static final GroupVersionResource JOBS = new GroupVersionResource("batch", "v1", "jobs");

    private Resources() {
    }
}
