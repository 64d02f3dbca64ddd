package io.k3j.controller.podautoscaler;

import java.time.Duration;
import java.time.Instant;

/** One pod's sample of a metric: its value in thousandths, when it was taken and over which window. */
public record PodMetric(long milliValue, Instant timestamp, Duration window) {

    public static PodMetric of(long milliValue) {
        return new PodMetric(milliValue, Instant.EPOCH, Duration.ZERO);
    }
}
