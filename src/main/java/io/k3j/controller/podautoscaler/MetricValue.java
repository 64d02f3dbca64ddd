package io.k3j.controller.podautoscaler;

import java.time.Instant;

/** One value of an object metric, or the values of an external metric summed, in thousandths. */
public record MetricValue(long milliValue, Instant timestamp) {
}
