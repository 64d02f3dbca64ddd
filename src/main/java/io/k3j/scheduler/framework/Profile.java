package io.k3j.scheduler.framework;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A scheduling profile: the scheduler name it answers to, Filter plugins in the order they run, Score plugins with
 * their weights, and percentageOfNodesToScore (0 = upstream's adaptive default).
 */
public record Profile(String schedulerName, List<FilterPlugin> filters, List<WeightedScore> scores,
                      int percentageOfNodesToScore) {

    /** A Score plugin and the weight its normalized score is multiplied by. */
    public record WeightedScore(ScorePlugin plugin, int weight) {
    }

    public Profile {
        filters = List.copyOf(filters);
        scores = List.copyOf(scores);
    }

    /** Cluster events that may help a pod the named plugins rejected (every event when none is named). */
    public Set<ClusterEvent> eventsFor(Set<String> rejectors) {
        if (rejectors.isEmpty()) {
            return EnumSet.allOf(ClusterEvent.class);
        }
        Set<ClusterEvent> out = EnumSet.of(ClusterEvent.WILDCARD);
        for (Plugin p : plugins()) {
            if (rejectors.contains(p.name())) {
                out.addAll(p.events());
            }
        }
        return out;
    }

    public List<Plugin> plugins() {
        List<Plugin> out = new ArrayList<>(filters);
        for (WeightedScore s : scores) {
            if (!out.contains(s.plugin())) {
                out.add(s.plugin());
            }
        }
        return out;
    }
}
