package io.k3j.scheduler.framework;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Why a pod fits nowhere: each evaluated node's rejecting status, one status for every node not evaluated
 * (PreFilter narrowed them out or rejected the pod), the plugins that rejected, and the PreFilter/PostFilter messages.
 */
public final class Diagnosis {

    private final Map<String, Status> nodeToStatus = new LinkedHashMap<>();
    private Status absentNodesStatus = new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, java.util.List.of(), null);
    private final Set<String> unschedulablePlugins = new TreeSet<>();
    private String preFilterMessage = "";
    private String postFilterMessage = "";

    public void set(String node, Status status) {
        nodeToStatus.put(node, status);
        if (status.plugin() != null && status.isRejected()) {
            unschedulablePlugins.add(status.plugin());
        }
    }

    /** The status recorded for {@code node}, else the status of absent nodes. */
    public Status get(String node) {
        Status s = nodeToStatus.get(node);
        return s != null ? s : absentNodesStatus;
    }

    public Map<String, Status> explicit() {
        return nodeToStatus;
    }

    public Status absentNodesStatus() {
        return absentNodesStatus;
    }

    public void setAbsentNodesStatus(Status s) {
        this.absentNodesStatus = s;
    }

    public Set<String> unschedulablePlugins() {
        return unschedulablePlugins;
    }

    public void addUnschedulablePlugin(String plugin) {
        unschedulablePlugins.add(plugin);
    }

    public String preFilterMessage() {
        return preFilterMessage;
    }

    public void setPreFilterMessage(String m) {
        this.preFilterMessage = m;
    }

    public String postFilterMessage() {
        return postFilterMessage;
    }

    public void setPostFilterMessage(String m) {
        this.postFilterMessage = m;
    }
}
