package io.k3j.controller.podautoscaler;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A metrics source the test fills: per-pod resource and pods metrics, object and external values, or failures. */
final class FakeMetrics implements MetricsSource {

    final Map<String, PodMetrics> resources = new HashMap<>();
    final Map<String, PodMetrics> podMetrics = new HashMap<>();
    final Map<String, MetricValue> objects = new HashMap<>();
    final Map<String, MetricValue> externals = new HashMap<>();
    String lastPodSelector;
    String lastMetricSelector;

    FakeMetrics resource(String name, Map<String, PodMetric> byPod) {
        resources.put(name, new PodMetrics(byPod, Instant.EPOCH));
        return this;
    }

    @Override
    public Future<PodMetrics> resourceMetric(String resource, String namespace, String podSelector, String container) {
        lastPodSelector = podSelector;
        PodMetrics m = resources.get(resource);
        return m == null ? Future.failedFuture(new MetricException("unable to fetch metrics from resource metrics API: "
                + "the server could not find the requested resource (get pods.metrics.k8s.io)")) : Future.succeededFuture(m);
    }

    @Override
    public Future<PodMetrics> podsMetric(String metricName, String namespace, String podSelector, String metricSelector) {
        lastMetricSelector = metricSelector;
        PodMetrics m = podMetrics.get(metricName);
        return m == null ? Future.failedFuture(new MetricException("unable to fetch metrics from custom metrics API: no "
                + "custom metrics API (custom.metrics.k8s.io) registered")) : Future.succeededFuture(m);
    }

    @Override
    public Future<MetricValue> objectMetric(String metricName, String namespace, ObjectTarget object, String metricSelector) {
        MetricValue v = objects.get(object.kind() + "/" + object.name() + "/" + metricName);
        return v == null ? Future.failedFuture(new MetricException("no object metric")) : Future.succeededFuture(v);
    }

    @Override
    public Future<MetricValue> externalMetric(String metricName, String namespace, String metricSelector) {
        lastMetricSelector = metricSelector;
        MetricValue v = externals.get(metricName);
        return v == null ? Future.failedFuture(new MetricException("no external metric")) : Future.succeededFuture(v);
    }
}
