package io.k3j.controller.podautoscaler;

import java.time.Instant;
import java.util.Map;

/** A metric per pod name as a metrics API returned it, with the time of the first sample. */
public record PodMetrics(Map<String, PodMetric> byPod, Instant timestamp) {

    public PodMetrics {
        byPod = Map.copyOf(byPod);
    }
}
