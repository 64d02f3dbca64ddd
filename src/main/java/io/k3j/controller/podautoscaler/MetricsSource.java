package io.k3j.controller.podautoscaler;

import io.vertx.core.Future;

/**
 * Where the autoscaler reads metrics: upstream's three metrics APIs (resource metrics for pods' CPU and memory,
 * custom metrics for pods and objects, external metrics). {@link ApiMetricsSource} reads them through the API server;
 * tests plug in a fake. A failed future carries the message upstream's metrics client reports ("unable to fetch
 * metrics from resource metrics API: ..."), which the autoscaler wraps into its events and conditions.
 *
 * <p>Selectors are in label-selector query form ("app=x,tier in (a,b)"); "" selects everything.
 */
public interface MetricsSource {

    /** {@code resource} ("cpu", "memory") per pod matching {@code podSelector}; one container's when given, else summed. */
    Future<PodMetrics> resourceMetric(String resource, String namespace, String podSelector, String container);

    /** A custom metric of the pods matching {@code podSelector}. */
    Future<PodMetrics> podsMetric(String metricName, String namespace, String podSelector, String metricSelector);

    /** A custom metric describing one object (kind/name in apiVersion) of the namespace. */
    Future<MetricValue> objectMetric(String metricName, String namespace, ObjectTarget object, String metricSelector);

    /** An external metric's values, summed. */
    Future<MetricValue> externalMetric(String metricName, String namespace, String metricSelector);

    /** The object an Object metric describes ({@code describedObject}). */
    record ObjectTarget(String apiVersion, String kind, String name) {
    }
}
