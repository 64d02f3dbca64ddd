package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.NodeInfo;

import java.util.HashMap;
import java.util.Map;

/** Counts per topology pair (label key and value), as InterPodAffinity keeps them; zero entries are dropped. */
final class TopologyCounts {

    record Pair(String key, String value) {
    }

    private final Map<Pair, Long> counts;

    TopologyCounts() {
        this.counts = new HashMap<>();
    }

    private TopologyCounts(Map<Pair, Long> counts) {
        this.counts = new HashMap<>(counts);
    }

    /** Adds {@code delta} to the pair (key, the node's value of key), if the node has that label. */
    void update(NodeInfo node, String key, long delta) {
        String v = node.labels().get(key);
        if (v != null) {
            counts.merge(new Pair(key, v), delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    long get(String key, String value) {
        return counts.getOrDefault(new Pair(key, value), 0L);
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    Map<Pair, Long> asMap() {
        return counts;
    }

    TopologyCounts copy() {
        return new TopologyCounts(counts);
    }
}
