package io.k3j.scheduler.cache;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Placed pods' affinity terms of one kind, grouped by identical term (the replicas of a workload share theirs),
 * each with how many pods on each node carry it. Asking "does any existing term match the incoming pod" then costs
 * one match per distinct term rather than one per pod.
 */
public final class TermIndex {

    /** A distinct term and its carriers per node name. */
    public record Entry(AffinityTerm term, Map<String, Integer> perNode) {
    }

    private final Function<PodInfo, List<AffinityTerm>> terms;
    private final Map<String, Entry> entries = new HashMap<>();

    TermIndex(Function<PodInfo, List<AffinityTerm>> terms) {
        this.terms = terms;
    }

    void add(PodInfo p) {
        for (AffinityTerm t : terms.apply(p)) {
            entries.computeIfAbsent(key(t), k -> new Entry(t, new HashMap<>()))
                    .perNode().merge(p.nodeName(), 1, Integer::sum);
        }
    }

    void remove(PodInfo p) {
        for (AffinityTerm t : terms.apply(p)) {
            String k = key(t);
            Entry e = entries.get(k);
            if (e != null) {
                e.perNode().computeIfPresent(p.nodeName(), (n, c) -> c == 1 ? null : c - 1);
                if (e.perNode().isEmpty()) {
                    entries.remove(k);
                }
            }
        }
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    private static String key(AffinityTerm t) {
        return t.weight() + "|" + t.topologyKey() + "|" + new java.util.TreeSet<>(t.namespaces())
                + "|" + selectorKey(t.namespaceSelector()) + "|" + selectorKey(t.selector());
    }

    private static String selectorKey(io.k3j.api.selector.LabelSelector s) {
        return s.isNothing() ? "<nothing>" : s.toString();
    }
}
