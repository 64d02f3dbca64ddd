package io.k3j.scheduler.cache;

import io.k3j.api.selector.LabelRequirement;
import io.k3j.api.selector.LabelSelector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Placed pods by namespace and by label, so "pods matching this selector" costs the matching pods, not every pod
 * in the cluster. Spread constraints and affinity terms ask it once per cycle instead of walking all nodes.
 */
final class LabelIndex {

    /** namespace -> uid -> pod */
    private final Map<String, Map<String, PodInfo>> byNamespace = new HashMap<>();
    /** namespace -> label key -> label value -> uid -> pod */
    private final Map<String, Map<String, Map<String, Map<String, PodInfo>>>> byLabel = new HashMap<>();

    void add(PodInfo p) {
        byNamespace.computeIfAbsent(p.namespace(), k -> new LinkedHashMap<>()).put(p.uid(), p);
        var keys = byLabel.computeIfAbsent(p.namespace(), k -> new HashMap<>());
        p.labels().forEach((k, v) -> keys.computeIfAbsent(k, x -> new HashMap<>())
                .computeIfAbsent(v, x -> new LinkedHashMap<>()).put(p.uid(), p));
    }

    void remove(PodInfo p) {
        Map<String, PodInfo> ns = byNamespace.get(p.namespace());
        if (ns == null || ns.remove(p.uid()) == null) {
            return;
        }
        if (ns.isEmpty()) {
            byNamespace.remove(p.namespace());
        }
        var keys = byLabel.get(p.namespace());
        if (keys == null) {
            return; // an unlabelled pod outlived the namespace's labelled ones, which took the label map with them
        }
        p.labels().forEach((k, v) -> {
            var values = keys.get(k);
            var pods = values.get(v);
            pods.remove(p.uid());
            if (pods.isEmpty()) {
                values.remove(v);
                if (values.isEmpty()) {
                    keys.remove(k);
                }
            }
        });
        if (keys.isEmpty()) {
            byLabel.remove(p.namespace());
        }
    }

    Collection<String> namespaces() {
        return byNamespace.keySet();
    }

    /** Pods in {@code namespace} the selector matches (none for an empty or "nothing" selector, as upstream counts). */
    List<PodInfo> matching(String namespace, LabelSelector selector) {
        if (selector.isNothing()) {
            return List.of();
        }
        Collection<PodInfo> candidates = candidates(namespace, selector);
        List<PodInfo> out = new ArrayList<>();
        for (PodInfo p : candidates) {
            if (selector.matches(p.labels())) {
                out.add(p);
            }
        }
        return out;
    }

    /** The smallest set a positive requirement (=, in, exists) narrows to; every pod in the namespace otherwise. */
    private Collection<PodInfo> candidates(String namespace, LabelSelector selector) {
        Map<String, PodInfo> all = byNamespace.get(namespace);
        if (all == null) {
            return List.of();
        }
        Collection<PodInfo> best = all.values();
        var keys = byLabel.get(namespace);
        for (LabelRequirement r : selector.requirements()) {
            Map<String, Map<String, PodInfo>> values = keys.get(r.key());
            Collection<PodInfo> c;
            switch (r.operator()) {
                case EQUALS, DOUBLE_EQUALS, IN -> {
                    if (values == null) {
                        return List.of();
                    }
                    List<PodInfo> union = new ArrayList<>();
                    for (String v : r.values()) {
                        Map<String, PodInfo> pods = values.get(v);
                        if (pods != null) {
                            union.addAll(pods.values());
                        }
                    }
                    c = union;
                }
                case EXISTS -> {
                    if (values == null) {
                        return List.of();
                    }
                    List<PodInfo> union = new ArrayList<>();
                    values.values().forEach(m -> union.addAll(m.values()));
                    c = union;
                }
                default -> {
                    continue;
                }
            }
            if (c.size() < best.size()) {
                best = c;
            }
        }
        return best;
    }
}
