package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The metrics APIs read through the API server, as upstream's REST metrics client: {@code metrics.k8s.io/v1beta1}
 * PodMetrics, {@code custom.metrics.k8s.io/v1beta2} MetricValueLists and {@code external.metrics.k8s.io/v1beta1}
 * ExternalMetricValueLists. While no add-on serves them the API server answers 404, reported in client-go's words:
 * "the server could not find the requested resource (get pods.metrics.k8s.io)".
 */
public final class ApiMetricsSource implements MetricsSource {

    private static final String RESOURCE_API = "/apis/metrics.k8s.io/v1beta1";
    private static final String CUSTOM_API = "/apis/custom.metrics.k8s.io/v1beta2";
    private static final String EXTERNAL_API = "/apis/external.metrics.k8s.io/v1beta1";

    private final KubeClient client;
    private final KindResolver kinds;

    ApiMetricsSource(KubeClient client, KindResolver kinds) {
        this.client = client;
        this.kinds = kinds;
    }

    @Override
    public Future<PodMetrics> resourceMetric(String resource, String namespace, String podSelector, String container) {
        String path = RESOURCE_API + "/namespaces/" + seg(namespace) + "/pods" + query("labelSelector", podSelector, null, null);
        return get(path, "pods", "metrics.k8s.io", "", "resource metrics API").map(list -> {
            JsonNode items = list.path("items");
            if (items.isEmpty()) {
                throw new MetricException("no metrics returned from resource metrics API");
            }
            Map<String, PodMetric> out = new HashMap<>();
            for (JsonNode pod : items) {
                Instant at = Meta.time(pod.path("timestamp").asText(""));
                Duration window = io.k3j.api.GoDurations.parse(pod.path("window").asText("")).orElse(Duration.ZERO);
                if (!container.isEmpty()) {
                    containerSample(pod, resource, container, at, window, out);
                } else {
                    podSample(pod, resource, at, window, out);
                }
            }
            return new PodMetrics(out, Meta.time(items.get(0).path("timestamp").asText("")));
        });
    }

    /** The pod's containers summed; a pod missing the resource in any container (or with none) has no sample. */
    private static void podSample(JsonNode pod, String resource, Instant at, Duration window, Map<String, PodMetric> out) {
        JsonNode containers = pod.path("containers");
        if (containers.isEmpty()) {
            return;
        }
        long sum = 0;
        for (JsonNode c : containers) {
            JsonNode usage = c.path("usage").get(resource);
            if (usage == null) {
                return;
            }
            sum += MilliQuantity.of(usage);
        }
        out.put(Meta.name(pod), new PodMetric(sum, at, window));
    }

    private static void containerSample(JsonNode pod, String resource, String container, Instant at, Duration window,
                                        Map<String, PodMetric> out) {
        for (JsonNode c : pod.path("containers")) {
            if (container.equals(c.path("name").asText())) {
                JsonNode usage = c.path("usage").get(resource);
                if (usage != null) {
                    out.put(Meta.name(pod), new PodMetric(MilliQuantity.of(usage), at, window));
                }
                return;
            }
        }
        throw new MetricException("failed to get container metrics: container " + container
                + " not present in metrics for pod " + Meta.namespace(pod) + "/" + Meta.name(pod));
    }

    @Override
    public Future<PodMetrics> podsMetric(String metricName, String namespace, String podSelector, String metricSelector) {
        String path = CUSTOM_API + "/namespaces/" + seg(namespace) + "/pods/*/" + seg(metricName)
                + query("labelSelector", podSelector, "metricLabelSelector", metricSelector);
        return get(path, "pods", "custom.metrics.k8s.io", "*", "custom metrics API").map(list -> {
            JsonNode items = list.path("items");
            if (items.isEmpty()) {
                throw new MetricException("no metrics returned from custom metrics API");
            }
            Map<String, PodMetric> out = new HashMap<>();
            for (JsonNode v : items) {
                Duration window = v.path("windowSeconds").isNumber() ? Duration.ofSeconds(v.path("windowSeconds").asLong())
                        : Duration.ofMinutes(1);
                out.put(v.path("describedObject").path("name").asText(), new PodMetric(MilliQuantity.of(v.path("value")),
                        Meta.time(v.path("timestamp").asText("")), window));
            }
            return new PodMetrics(out, Meta.time(items.get(0).path("timestamp").asText("")));
        });
    }

    @Override
    public Future<MetricValue> objectMetric(String metricName, String namespace, ObjectTarget object, String metricSelector) {
        return kinds.resolve(object.apiVersion(), object.kind()).compose(r -> {
            String path = r.gvr().resource().equals("namespaces") && r.gvr().group().isEmpty()
                    ? CUSTOM_API + "/namespaces/" + seg(object.name()) + "/metrics/" + seg(metricName)
                    : CUSTOM_API + "/namespaces/" + seg(namespace) + "/" + r.gvr().resource()
                    + (r.gvr().group().isEmpty() ? "" : "." + r.gvr().group()) + "/" + seg(object.name()) + "/" + seg(metricName);
            return get(path + query("metricLabelSelector", metricSelector, null, null), r.gvr().resource(),
                    "custom.metrics.k8s.io", object.name(), "custom metrics API");
        }).map(list -> {
            JsonNode items = list.path("items");
            if (items.isEmpty()) {
                throw new MetricException("no metrics returned from custom metrics API");
            }
            JsonNode v = items.get(0);
            return new MetricValue(MilliQuantity.of(v.path("value")), Meta.time(v.path("timestamp").asText("")));
        });
    }

    @Override
    public Future<MetricValue> externalMetric(String metricName, String namespace, String metricSelector) {
        String path = EXTERNAL_API + "/namespaces/" + seg(namespace) + "/" + seg(metricName)
                + query("labelSelector", metricSelector, null, null);
        return get(path, metricName, "external.metrics.k8s.io", "", "external metrics API").map(list -> {
            JsonNode items = list.path("items");
            if (items.isEmpty()) {
                throw new MetricException("no metrics returned from external metrics API");
            }
            long sum = 0;
            for (JsonNode v : items) {
                sum += MilliQuantity.of(v.path("value"));
            }
            return new MetricValue(sum, Meta.time(items.get(0).path("timestamp").asText("")));
        });
    }

    private Future<JsonNode> get(String path, String resource, String group, String name, String api) {
        return client.getPath(path).recover(e -> Future.failedFuture(new MetricException(
                "unable to fetch metrics from " + api + ": " + describe(e, resource, group, name))));
    }

    /**
     * The error as client-go words it. A 404 without details (the group is not served) is its generic "could not find
     * the requested resource" with the verb and resource, as a client that decoded no Status reports it.
     */
    static String describe(Throwable e, String resource, String group, String name) {
        if (e instanceof KubeApiException k && k.notFound()
                && (k.status() == null || k.status().path("details").path("name").asText("").isEmpty())) {
            return "the server could not find the requested resource (get " + resource + "." + group
                    + (name.isEmpty() ? "" : " " + name) + ")";
        }
        return String.valueOf(e.getMessage());
    }

    private static String query(String k1, String v1, String k2, String v2) {
        StringBuilder q = new StringBuilder();
        if (v1 != null && !v1.isEmpty()) {
            q.append(q.isEmpty() ? "?" : "&").append(k1).append('=').append(URLEncoder.encode(v1, StandardCharsets.UTF_8));
        }
        if (v2 != null && !v2.isEmpty()) {
            q.append(q.isEmpty() ? "?" : "&").append(k2).append('=').append(URLEncoder.encode(v2, StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
