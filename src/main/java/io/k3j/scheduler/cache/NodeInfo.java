package io.k3j.scheduler.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node and the pods placed on it, with the sums the filters read (requested resources, non-zero requests for
 * scoring, host ports in use). Owned by a {@link ClusterSnapshot}; plugins only read it.
 * A NodeInfo may exist before its Node does (pods arrive first); such a placeholder is never a candidate.
 */
public final class NodeInfo {

    private final String name;
    private Node node;
    private Map<String, String> labels = Map.of();
    private List<Taint> taints = List.of();
    private boolean unschedulable;
    private Resources allocatable = Resources.NONE;
    private Map<String, Long> imageSizes = Map.of();

    private final List<PodInfo> pods;
    private Resources requested;
    private long nonZeroMilliCpu;
    private long nonZeroMemory;
    private final Map<HostPort, Integer> usedPorts;

    public NodeInfo(String name) {
        this.name = name;
        this.pods = new ArrayList<>();
        this.requested = Resources.NONE;
        this.usedPorts = new HashMap<>();
    }

    private NodeInfo(NodeInfo o) {
        this.name = o.name;
        this.node = o.node;
        this.labels = o.labels;
        this.taints = o.taints;
        this.unschedulable = o.unschedulable;
        this.allocatable = o.allocatable;
        this.imageSizes = o.imageSizes;
        this.pods = new ArrayList<>(o.pods);
        this.requested = o.requested;
        this.nonZeroMilliCpu = o.nonZeroMilliCpu;
        this.nonZeroMemory = o.nonZeroMemory;
        this.usedPorts = new HashMap<>(o.usedPorts);
    }

    /** A node built from API JSON, with no pods (tests and tools; the snapshot uses {@link ClusterSnapshot#upsertNode}). */
    public static NodeInfo of(ObjectNode json) {
        Node n = TypedObjects.node(json);
        NodeInfo info = new NodeInfo(n.getMetadata().getName());
        info.setNode(n);
        return info;
    }

    /** An independent copy (preemption's dry runs add and remove pods on it). */
    public NodeInfo copy() {
        return new NodeInfo(this);
    }

    void setNode(Node n) {
        this.node = n;
        this.labels = n.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(n.getMetadata().getLabels());
        var spec = n.getSpec();
        this.taints = spec == null || spec.getTaints() == null ? List.of() : List.copyOf(spec.getTaints());
        this.unschedulable = spec != null && Boolean.TRUE.equals(spec.getUnschedulable());
        var status = n.getStatus();
        this.allocatable = Resources.of(status == null ? null : status.getAllocatable());
        Map<String, Long> images = new HashMap<>();
        if (status != null && status.getImages() != null) {
            for (ContainerImage img : status.getImages()) {
                long size = img.getSizeBytes() == null ? 0 : img.getSizeBytes();
                if (img.getNames() != null) {
                    img.getNames().forEach(nm -> images.put(nm, size));
                }
            }
        }
        this.imageSizes = Map.copyOf(images);
    }

    void clearNode() {
        this.node = null;
        this.labels = Map.of();
        this.taints = List.of();
        this.unschedulable = false;
        this.allocatable = Resources.NONE;
        this.imageSizes = Map.of();
    }

    /** Adds a pod's requests, ports and affinity to this node's sums. */
    public void addPod(PodInfo p) {
        pods.add(p);
        requested = new Resources.Builder(requested).add(p.requests()).build();
        nonZeroMilliCpu += p.nonZeroMilliCpu();
        nonZeroMemory += p.nonZeroMemory();
        for (HostPort hp : p.hostPorts()) {
            usedPorts.merge(hp, 1, Integer::sum);
        }
    }

    /** Removes the pod with {@code uid}; false when it is not on this node. */
    public boolean removePod(String uid) {
        for (int i = 0; i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            if (p.uid().equals(uid)) {
                pods.remove(i);
                requested = new Resources.Builder(requested).subtract(p.requests()).build();
                nonZeroMilliCpu -= p.nonZeroMilliCpu();
                nonZeroMemory -= p.nonZeroMemory();
                for (HostPort hp : p.hostPorts()) {
                    usedPorts.computeIfPresent(hp, (k, v) -> v == 1 ? null : v - 1);
                }
                return true;
            }
        }
        return false;
    }

    public boolean hasNode() {
        return node != null;
    }

    public String name() { return name; }
    /** The Node object as received, or null for a placeholder. */
    public Node node() { return node; }
    public Map<String, String> labels() { return labels; }
    public List<Taint> taints() { return taints; }
    public boolean unschedulable() { return unschedulable; }
    public Resources allocatable() { return allocatable; }
    /** Image name (as the node reports it) to size in bytes. */
    public Map<String, Long> imageSizes() { return imageSizes; }
    public List<PodInfo> pods() { return Collections.unmodifiableList(pods); }
    public Resources requested() { return requested; }
    public long nonZeroMilliCpu() { return nonZeroMilliCpu; }
    public long nonZeroMemory() { return nonZeroMemory; }

    /** True when {@code port} collides with a host port a pod on this node already holds. */
    public boolean portInUse(HostPort port) {
        for (HostPort used : usedPorts.keySet()) {
            if (used.conflictsWith(port)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name + "(" + pods.size() + " pods)";
    }
}
