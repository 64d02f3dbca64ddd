package io.k3j.scheduler.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's view of the cluster: nodes with the pods placed on them, namespace labels (for affinity
 * namespace selectors), pods nominated by preemption, and PodDisruptionBudgets. Informer events keep it current
 * through the upsert/remove methods, each proportional to the one object changed; {@link #assume} places a pod
 * the moment the scheduler picks its node, before the binding is confirmed.
 *
 * <p>Not thread-safe: one owner (the scheduler verticle) applies informer events and runs scheduling cycles on
 * its own context, so a cycle always sees a consistent state without copying it.
 */
public final class ClusterSnapshot {

    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private List<NodeInfo> nodeList;                                   // nodes with a Node, by name; rebuilt lazily
    private final Map<String, PodInfo> pods = new HashMap<>();         // assigned pods by uid (assumed ones included)
    private final Set<String> assumed = new HashSet<>();
    private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    private final Map<String, Integer> imageNodeCounts = new HashMap<>();
    private final Map<String, PodInfo> nominated = new HashMap<>();    // uid -> pod with its nominated node
    private final Map<String, String> nominatedNode = new HashMap<>(); // uid -> node
    private final Map<String, DisruptionBudget> budgets = new LinkedHashMap<>();
    private final LabelIndex labelIndex = new LabelIndex();
    private final TermIndex requiredAntiAffinity = new TermIndex(PodInfo::requiredAntiAffinity);
    private final TermIndex requiredAffinity = new TermIndex(PodInfo::requiredAffinity);
    private final TermIndex preferredAffinity = new TermIndex(PodInfo::preferredAffinity);
    private final TermIndex preferredAntiAffinity = new TermIndex(PodInfo::preferredAntiAffinity);
    private final WorkloadSelectors workloads = new WorkloadSelectors();
    private long generation;

    // --- nodes -------------------------------------------------------------------------------------------------

    public void upsertNode(ObjectNode json) {
        upsertNode(TypedObjects.node(json));
    }

    public void upsertNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo info = nodes.computeIfAbsent(name, NodeInfo::new);
        boolean wasPresent = info.hasNode();
        if (wasPresent) {
            info.imageSizes().keySet().forEach(this::decrementImage);
        }
        info.setNode(node);
        info.imageSizes().keySet().forEach(img -> imageNodeCounts.merge(img, 1, Integer::sum));
        if (!wasPresent) {
            nodeList = null;
        }
        generation++;
    }

    /** Removes the node; pods still bound to it stay counted until they are deleted, as upstream's cache keeps them. */
    public void removeNode(String name) {
        NodeInfo info = nodes.get(name);
        if (info == null || !info.hasNode()) {
            return;
        }
        info.imageSizes().keySet().forEach(this::decrementImage);
        if (info.pods().isEmpty()) {
            nodes.remove(name);
        } else {
            info.clearNode();
        }
        nodeList = null;
        generation++;
    }

    private void decrementImage(String img) {
        imageNodeCounts.computeIfPresent(img, (k, v) -> v == 1 ? null : v - 1);
    }

    /** Nodes that exist (placeholders excluded), ordered by name so every cycle walks them in the same order. */
    public List<NodeInfo> nodes() {
        if (nodeList == null) {
            List<NodeInfo> l = new ArrayList<>();
            for (NodeInfo n : nodes.values()) {
                if (n.hasNode()) {
                    l.add(n);
                }
            }
            l.sort(Comparator.comparing(NodeInfo::name));
            nodeList = List.copyOf(l);
        }
        return nodeList;
    }

    /** The node named, or null when it does not exist. */
    public NodeInfo node(String name) {
        NodeInfo n = nodes.get(name);
        return n != null && n.hasNode() ? n : null;
    }

    /** How many nodes report having {@code image} (ImageLocality spreads an image's score by it). */
    public int imageNodeCount(String image) {
        return imageNodeCounts.getOrDefault(image, 0);
    }

    // --- pods --------------------------------------------------------------------------------------------------

    public void upsertPod(ObjectNode json) {
        upsertPod(PodInfo.of(json));
    }

    /**
     * Applies a pod add or update from the informer. A bound, non-terminal pod is placed on its node (replacing an
     * assumed copy: the binding is confirmed); a terminal pod is removed; an unbound pod is not the snapshot's
     * business (the queue holds it) except that its nomination, if any, is tracked.
     */
    public void upsertPod(PodInfo pod) {
        if (pod.nodeName() == null) {
            if (pod.nominatedNodeName() != null) {
                nominate(pod, pod.nominatedNodeName());
            } else {
                clearNomination(pod.uid());
            }
            return;
        }
        clearNomination(pod.uid());
        if (pod.terminal()) {
            removePod(pod.uid());
            return;
        }
        PodInfo old = pods.get(pod.uid());
        if (old != null) {
            unplace(old);
        }
        assumed.remove(pod.uid());
        place(pod);
    }

    public void removePod(String uid) {
        clearNomination(uid);
        assumed.remove(uid);
        PodInfo old = pods.get(uid);
        if (old != null) {
            unplace(old);
            generation++;
        }
    }

    /** Places {@code pod} on {@code node} before the API confirms the binding, so the next cycle counts it. */
    public void assume(PodInfo pod, String node) {
        if (pods.containsKey(pod.uid())) {
            throw new IllegalStateException("pod " + pod.key() + " is already placed on " + pods.get(pod.uid()).nodeName());
        }
        clearNomination(pod.uid());
        place(pod.withNodeName(node));
        assumed.add(pod.uid());
    }

    /** Undoes {@link #assume} after a failed binding; a pod whose binding was already confirmed stays. */
    public void forget(String uid) {
        if (assumed.contains(uid)) {
            removePod(uid);
        }
    }

    public boolean isAssumed(String uid) {
        return assumed.contains(uid);
    }

    /** The placed pod with {@code uid}, or null. */
    public PodInfo pod(String uid) {
        return pods.get(uid);
    }

    public int podCount() {
        return pods.size();
    }

    private void place(PodInfo pod) {
        pods.put(pod.uid(), pod);
        nodes.computeIfAbsent(pod.nodeName(), NodeInfo::new).addPod(pod);
        labelIndex.add(pod);
        if (pod.hasAffinity()) {
            requiredAntiAffinity.add(pod);
            requiredAffinity.add(pod);
            preferredAffinity.add(pod);
            preferredAntiAffinity.add(pod);
        }
        generation++;
    }

    private void unplace(PodInfo old) {
        pods.remove(old.uid());
        nodes.get(old.nodeName()).removePod(old.uid());
        maybeDropPlaceholder(old.nodeName());
        labelIndex.remove(old);
        if (old.hasAffinity()) {
            requiredAntiAffinity.remove(old);
            requiredAffinity.remove(old);
            preferredAffinity.remove(old);
            preferredAntiAffinity.remove(old);
        }
    }

    /** Placed pods in {@code namespace} whose labels {@code selector} matches (terminating ones included). */
    public List<PodInfo> podsMatching(String namespace, io.k3j.api.selector.LabelSelector selector) {
        return labelIndex.matching(namespace, selector);
    }

    /** Placed pods an affinity term matches: in its namespaces or in namespaces its namespace selector picks. */
    public List<PodInfo> podsMatching(AffinityTerm term) {
        List<PodInfo> out = new ArrayList<>();
        for (String ns : term.namespaces()) {
            out.addAll(labelIndex.matching(ns, term.selector()));
        }
        if (!term.namespaceSelector().isNothing()) {
            for (String ns : labelIndex.namespaces()) {
                if (!term.namespaces().contains(ns) && term.namespaceSelector().matches(namespaceLabels(ns))) {
                    out.addAll(labelIndex.matching(ns, term.selector()));
                }
            }
        }
        return out;
    }

    /** Placed pods' required anti-affinity terms, grouped. */
    public TermIndex requiredAntiAffinityTerms() {
        return requiredAntiAffinity;
    }

    /** Placed pods' required affinity terms, grouped. */
    public TermIndex requiredAffinityTerms() {
        return requiredAffinity;
    }

    public TermIndex preferredAffinityTerms() {
        return preferredAffinity;
    }

    public TermIndex preferredAntiAffinityTerms() {
        return preferredAntiAffinity;
    }

    private void maybeDropPlaceholder(String name) {
        NodeInfo n = nodes.get(name);
        if (n != null && !n.hasNode() && n.pods().isEmpty()) {
            nodes.remove(name);
        }
    }

    // --- nominations (preemption) ---------------------------------------------------------------------------

    /** Records that {@code pod} is to run on {@code node} once its victims are gone; filters count it there. */
    public void nominate(PodInfo pod, String node) {
        nominated.put(pod.uid(), pod);
        nominatedNode.put(pod.uid(), node);
    }

    public void clearNomination(String uid) {
        nominated.remove(uid);
        nominatedNode.remove(uid);
    }

    /** Pods nominated to {@code node}. */
    public List<PodInfo> nominatedPods(String node) {
        if (nominated.isEmpty()) {
            return List.of();
        }
        List<PodInfo> out = new ArrayList<>();
        nominatedNode.forEach((uid, n) -> {
            if (n.equals(node)) {
                out.add(nominated.get(uid));
            }
        });
        return out;
    }

    public String nominatedNodeOf(String uid) {
        return nominatedNode.get(uid);
    }

    // --- namespaces and budgets ------------------------------------------------------------------------------

    public void upsertNamespace(ObjectNode ns) {
        JsonNode meta = ns.path("metadata");
        Map<String, String> labels = new HashMap<>();
        meta.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        upsertNamespace(meta.path("name").asText(), labels);
    }

    public void upsertNamespace(String name, Map<String, String> labels) {
        namespaceLabels.put(name, Map.copyOf(labels));
    }

    public void removeNamespace(String name) {
        namespaceLabels.remove(name);
    }

    /** A namespace's labels; upstream also knows {@code kubernetes.io/metadata.name}, which the API server sets. */
    public Map<String, String> namespaceLabels(String namespace) {
        Map<String, String> l = namespaceLabels.get(namespace);
        return l != null ? l : Map.of("kubernetes.io/metadata.name", namespace);
    }

    public void upsertDisruptionBudget(DisruptionBudget pdb) {
        budgets.put(pdb.key(), pdb);
    }

    public void removeDisruptionBudget(String namespace, String name) {
        budgets.remove(namespace + "/" + name);
    }

    public Collection<DisruptionBudget> disruptionBudgets() {
        return budgets.values();
    }

    /** Services' and pod controllers' selectors (informers keep them), for default topology spreading. */
    public WorkloadSelectors workloads() {
        return workloads;
    }

    /** Bumped by every change to nodes or placed pods (callers may cache per-generation results). */
    public long generation() {
        return generation;
    }
}
