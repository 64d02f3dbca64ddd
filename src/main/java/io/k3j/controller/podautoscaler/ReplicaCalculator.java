package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.controller.support.Meta;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's replica calculator: from the pods a target selects and their metric samples, the replica count that
 * brings the metric to its target. Pure arithmetic over already-fetched data, so every rule is unit-testable:
 * the tolerance band (no change within ±10 % by default), pods being deleted or failed ignored, pending and
 * still-warming CPU pods treated as unready, and pods without samples assumed at 100 % (or the target) on a scale
 * down and at 0 on a scale up — never letting those assumptions flip the direction of the change.
 * Failures are {@link MetricException}s with upstream's texts.
 */
public final class ReplicaCalculator {

    /** A replica proposal with the current utilization (percent of request) and raw average value (thousandths). */
    public record Utilization(int replicas, int utilization, long rawAverage) {
    }

    /** A replica proposal with the current average or total usage (thousandths). */
    public record Usage(int replicas, long usage) {
    }

    private record Groups(int readyCount, Set<String> unready, Set<String> missing, Set<String> ignored) {
    }

    private final double tolerance;
    private final Duration cpuInitializationPeriod;
    private final Duration initialReadinessDelay;
    private final Clock clock;

    /**
     * @param tolerance               --horizontal-pod-autoscaler-tolerance (0.1)
     * @param cpuInitializationPeriod --horizontal-pod-autoscaler-cpu-initialization-period (5m)
     * @param initialReadinessDelay   --horizontal-pod-autoscaler-initial-readiness-delay (30s)
     */
    public ReplicaCalculator(double tolerance, Duration cpuInitializationPeriod, Duration initialReadinessDelay, Clock clock) {
        this.tolerance = tolerance;
        this.cpuInitializationPeriod = cpuInitializationPeriod;
        this.initialReadinessDelay = initialReadinessDelay;
        this.clock = clock;
    }

    public static ReplicaCalculator defaults(Clock clock) {
        return new ReplicaCalculator(0.1, Duration.ofMinutes(5), Duration.ofSeconds(30), clock);
    }

    boolean withinTolerance(double ratio) {
        return Math.abs(1.0 - ratio) <= tolerance;
    }

    /** A Resource/ContainerResource metric with an averageUtilization target (percent of the pods' requests). */
    public Utilization resourceReplicas(int currentReplicas, int targetUtilization, String resource, String container,
                                        List<? extends JsonNode> pods, Map<String, PodMetric> samples) {
        if (pods.isEmpty()) {
            throw new MetricException("no pods returned by selector while calculating replica count");
        }
        Map<String, PodMetric> metrics = new LinkedHashMap<>(samples);
        Groups g = group(pods, metrics, resource);
        metrics.keySet().removeAll(g.ignored());
        metrics.keySet().removeAll(g.unready());
        if (metrics.isEmpty()) {
            throw new MetricException("did not receive metrics for targeted pods (pods might be unready)");
        }
        Map<String, Long> requests = PodRequests.of(pods, container, resource);
        long[] ratioParts = utilization(metrics, requests);
        int utilization = (int) ratioParts[0];
        long rawAverage = ratioParts[1];
        double ratio = (double) utilization / targetUtilization;

        boolean scaleUpWithUnready = !g.unready().isEmpty() && ratio > 1.0;
        if (!scaleUpWithUnready && g.missing().isEmpty()) {
            if (withinTolerance(ratio)) {
                return new Utilization(currentReplicas, utilization, rawAverage);
            }
            return new Utilization((int) Math.ceil(ratio * g.readyCount()), utilization, rawAverage);
        }
        if (!g.missing().isEmpty()) {
            // A missing pod counts as using its whole request (or the target above 100 %) when shrinking, none when growing.
            long fallbackPercent = Math.max(100, targetUtilization);
            for (String pod : g.missing()) {
                if (ratio < 1.0) {
                    metrics.put(pod, PodMetric.of(requests.getOrDefault(pod, 0L) * fallbackPercent / 100));
                } else if (ratio > 1.0) {
                    metrics.put(pod, PodMetric.of(0));
                }
            }
        }
        if (scaleUpWithUnready) {
            for (String pod : g.unready()) {
                metrics.put(pod, PodMetric.of(0));
            }
        }
        double newRatio = (double) utilization(metrics, requests)[0] / targetUtilization;
        return new Utilization(settle(currentReplicas, ratio, newRatio, metrics.size()), utilization, rawAverage);
    }

    /**
     * A Resource metric with an averageValue target, or a Pods metric ({@code resource} "" then: no CPU readiness
     * rules): the average usage per pod against {@code targetUsage}.
     */
    public Usage plainReplicas(int currentReplicas, long targetUsage, String resource, List<? extends JsonNode> pods,
                               Map<String, PodMetric> samples) {
        if (pods.isEmpty()) {
            throw new MetricException("no pods returned by selector while calculating replica count");
        }
        Map<String, PodMetric> metrics = new LinkedHashMap<>(samples);
        Groups g = group(pods, metrics, resource);
        metrics.keySet().removeAll(g.ignored());
        metrics.keySet().removeAll(g.unready());
        if (metrics.isEmpty()) {
            throw new MetricException("did not receive metrics for targeted pods (pods might be unready)");
        }
        long usage = average(metrics);
        double ratio = (double) usage / targetUsage;
        boolean scaleUpWithUnready = !g.unready().isEmpty() && ratio > 1.0;
        if (!scaleUpWithUnready && g.missing().isEmpty()) {
            if (withinTolerance(ratio)) {
                return new Usage(currentReplicas, usage);
            }
            return new Usage((int) Math.ceil(ratio * g.readyCount()), usage);
        }
        for (String pod : g.missing()) {
            // A missing pod counts as exactly on target when shrinking, as idle when growing.
            metrics.put(pod, PodMetric.of(ratio < 1.0 ? targetUsage : 0));
        }
        if (scaleUpWithUnready) {
            for (String pod : g.unready()) {
                metrics.put(pod, PodMetric.of(0));
            }
        }
        double newRatio = (double) average(metrics) / targetUsage;
        return new Usage(settle(currentReplicas, ratio, newRatio, metrics.size()), usage);
    }

    /** The recomputed count, unless it is within tolerance or the assumptions reversed the direction of the change. */
    private int settle(int currentReplicas, double ratio, double newRatio, int counted) {
        if (withinTolerance(newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
            return currentReplicas;
        }
        int proposed = (int) Math.ceil(newRatio * counted);
        if ((newRatio < 1.0 && proposed > currentReplicas) || (newRatio > 1.0 && proposed < currentReplicas)) {
            return currentReplicas;
        }
        return proposed;
    }

    /**
     * An Object metric with a value target, or an External metric with a value target: the ratio scales the ready
     * pods (or, at zero replicas, gives the count directly).
     */
    public int usageRatioReplicas(int currentReplicas, double ratio, List<? extends JsonNode> pods) {
        if (currentReplicas == 0) {
            return (int) Math.ceil(ratio);
        }
        if (withinTolerance(ratio)) {
            return currentReplicas;
        }
        if (pods.isEmpty()) {
            throw new MetricException("unable to calculate ready pods: no pods returned by selector while calculating replica count");
        }
        long ready = pods.stream().filter(p -> "Running".equals(p.path("status").path("phase").asText())
                && "True".equals(Meta.condition(p, "Ready").path("status").asText())).count();
        return (int) Math.ceil(ratio * ready);
    }

    /**
     * An Object or External metric with an averageValue target: the total over the target per pod, measured against
     * the target's current replicas ({@code status.replicas} of its scale).
     */
    public Usage perPodReplicas(int statusReplicas, long total, long targetPerPod) {
        int replicas = statusReplicas;
        double ratio = (double) total / ((double) targetPerPod * statusReplicas);
        if (!withinTolerance(ratio)) {
            replicas = (int) Math.ceil((double) total / targetPerPod);
        }
        long perPod = statusReplicas == 0 ? total : (long) Math.ceil((double) total / statusReplicas);
        return new Usage(replicas, perPod);
    }

    /**
     * Sorts pods: ignored (being deleted, failed), unready (pending; for CPU also not yet ready, or sampled before a
     * whole window passed since it became ready during its initialization period), missing a sample, or ready.
     */
    private Groups group(List<? extends JsonNode> pods, Map<String, PodMetric> metrics, String resource) {
        int ready = 0;
        Set<String> unready = new HashSet<>();
        Set<String> missing = new HashSet<>();
        Set<String> ignored = new HashSet<>();
        Instant now = clock.instant();
        for (JsonNode pod : pods) {
            String name = Meta.name(pod);
            String phase = pod.path("status").path("phase").asText("");
            if (Meta.deleting(pod) || "Failed".equals(phase)) {
                ignored.add(name);
                continue;
            }
            if ("Pending".equals(phase)) {
                unready.add(name);
                continue;
            }
            PodMetric metric = metrics.get(name);
            if (metric == null) {
                missing.add(name);
                continue;
            }
            if ("cpu".equals(resource) && cpuUnready(pod, metric, now)) {
                unready.add(name);
                continue;
            }
            ready++;
        }
        return new Groups(ready, unready, missing, ignored);
    }

    private boolean cpuUnready(JsonNode pod, PodMetric metric, Instant now) {
        JsonNode condition = Meta.condition(pod, "Ready");
        String start = pod.path("status").path("startTime").asText("");
        if (condition.isMissingNode() || start.isEmpty()) {
            return true;
        }
        Instant started = Meta.time(start);
        boolean isFalse = "False".equals(condition.path("status").asText());
        Instant transition = Meta.time(condition.path("lastTransitionTime").asText(""));
        if (started.plus(cpuInitializationPeriod).isAfter(now)) {
            // Still initializing: ignore the sample if unready, or if it does not cover a whole window since readiness changed.
            return isFalse || metric.timestamp().isBefore(transition.plus(metric.window()));
        }
        // Past initialization: ignore only a pod that has never been ready.
        return isFalse && started.plus(initialReadinessDelay).isAfter(transition);
    }

    /** {utilization percent of the summed requests, raw average per sampled pod}, over pods with a request. */
    private static long[] utilization(Map<String, PodMetric> metrics, Map<String, Long> requests) {
        long used = 0;
        long requested = 0;
        int entries = 0;
        for (var e : metrics.entrySet()) {
            Long request = requests.get(e.getKey());
            if (request == null) {
                continue; // a sample for a pod the selector no longer matches
            }
            used += e.getValue().milliValue();
            requested += request;
            entries++;
        }
        if (requested == 0) {
            throw new MetricException("no metrics returned matched known pods");
        }
        return new long[]{used * 100 / requested, used / entries};
    }

    private static long average(Map<String, PodMetric> metrics) {
        long total = 0;
        for (PodMetric m : metrics.values()) {
            total += m.milliValue();
        }
        return total / metrics.size();
    }
}
