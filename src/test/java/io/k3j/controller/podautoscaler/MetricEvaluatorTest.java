package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.k3j.controller.podautoscaler.TestPods.NOW;
import static io.k3j.controller.podautoscaler.TestPods.running;
import static org.assertj.core.api.Assertions.assertThat;

class MetricEvaluatorTest {

    private final FakeMetrics metrics = new FakeMetrics();
    private final MetricEvaluator evaluator = new MetricEvaluator(metrics,
            ReplicaCalculator.defaults(Clock.fixed(NOW, ZoneOffset.UTC)));
    private final List<ObjectNode> pods = List.of(running("a", "500m"), running("b", "500m"));

    private static ArrayNode specs(String json) {
        try {
            return (ArrayNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final String CPU_50 = """
            [{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]""";

    private MetricEvaluator.Result evaluate(String specs, int replicas) {
        var f = evaluator.evaluate(specs(specs), new MetricEvaluator.Target("default", replicas, replicas, "app=x", pods));
        assertThat(f.succeeded()).as("the fake answers at once").isTrue();
        return f.result();
    }

    private static PodMetric cpu(long milli) {
        return new PodMetric(milli, NOW.minusSeconds(5), Duration.ofSeconds(15));
    }

    @Test
    void cpuUtilizationProposesAndReportsStatus() throws Exception {
        metrics.resource("cpu", Map.of("a", cpu(400), "b", cpu(400)));
        var r = evaluate(CPU_50, 2);
        // 80 % of request against 50 %: ceil(1.6 * 2) = 4
        assertThat(r.replicas()).isEqualTo(4);
        assertThat(r.metricName()).isEqualTo("cpu resource utilization (percentage of request)");
        assertThat(r.error()).isNull();
        assertThat(r.condition()).isEqualTo(new Condition(Condition.SCALING_ACTIVE, true, "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"));
        assertThat(r.statuses()).isEqualTo(Json.MAPPER.readTree("""
                [{"type":"Resource","resource":{"name":"cpu","current":{"averageValue":"400m","averageUtilization":80}}}]"""));
        assertThat(metrics.lastPodSelector).isEqualTo("app=x");
    }

    @Test
    void noMetricsApiFailsWithUpstreamsTexts() throws Exception {
        var r = evaluate(CPU_50, 3);
        String inner = "failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from "
                + "resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)";
        assertThat(r.replicas()).isEqualTo(-1);
        assertThat(r.condition()).isEqualTo(new Condition(Condition.SCALING_ACTIVE, false, "FailedGetResourceMetric",
                "the HPA was unable to compute the replica count: " + inner));
        assertThat(r.warnings()).containsExactly(new MetricEvaluator.Warning("FailedGetResourceMetric", inner));
        assertThat(r.error()).isEqualTo("invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource "
                + "metric value: " + inner);
        assertThat(r.statuses()).isEqualTo(Json.MAPPER.readTree("[{\"type\":\"\"}]"));
    }

    @Test
    void theApiSourceReportsA404AsClientGoDoes() {
        KubeClient notServed = (KubeClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{KubeClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getPath")) {
                        ObjectNode status = Json.MAPPER.createObjectNode().put("kind", "Status").put("code", 404)
                                .put("reason", "NotFound").put("message", "the server could not find the requested resource");
                        return Future.failedFuture(new KubeApiException(404, "NotFound",
                                "the server could not find the requested resource", status));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        var source = new ApiMetricsSource(notServed, new KindResolver(notServed, Clock.systemUTC()));
        var f = source.resourceMetric("cpu", "default", "app=x", "");
        assertThat(f.cause()).hasMessage("unable to fetch metrics from resource metrics API: "
                + "the server could not find the requested resource (get pods.metrics.k8s.io)");
        assertThat(source.externalMetric("queue", "default", "").cause()).hasMessage(
                "unable to fetch metrics from external metrics API: "
                        + "the server could not find the requested resource (get queue.external.metrics.k8s.io)");
    }

    @Test
    void theApiSourceReadsPodMetricsLists() throws Exception {
        List<String> asked = new ArrayList<>();
        JsonNode list = Json.MAPPER.readTree("""
                {"kind":"PodMetricsList","items":[
                 {"metadata":{"name":"a","namespace":"default"},"timestamp":"2026-01-01T11:59:50Z","window":"15.5s",
                  "containers":[{"name":"c","usage":{"cpu":"250m","memory":"10Mi"}},{"name":"d","usage":{"cpu":"1","memory":"1Mi"}}]},
                 {"metadata":{"name":"b","namespace":"default"},"timestamp":"2026-01-01T11:59:50Z","window":"15s",
                  "containers":[{"name":"c","usage":{"memory":"10Mi"}}]}]}""");
        KubeClient client = (KubeClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{KubeClient.class},
                (proxy, method, args) -> {
                    asked.add((String) args[0]);
                    return Future.succeededFuture(list);
                });
        var m = new ApiMetricsSource(client, new KindResolver(client, Clock.systemUTC()))
                .resourceMetric("cpu", "default", "app=x,tier in (a,b)", "").result();
        assertThat(asked).containsExactly("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dx%2Ctier+in+%28a%2Cb%29");
        assertThat(m.byPod()).containsOnlyKeys("a"); // b lacks cpu in a container: no sample
        assertThat(m.byPod().get("a").milliValue()).isEqualTo(1250);
        assertThat(m.byPod().get("a").window()).isEqualTo(Duration.ofMillis(15_500));
    }

    @Test
    void theLargestProposalWinsAndPartialFailuresBlockOnlyScaleDown() {
        metrics.resource("cpu", Map.of("a", cpu(400), "b", cpu(400)));
        metrics.externals.put("queue", new MetricValue(30_000, NOW));
        String two = """
                [{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}},
                 {"type":"External","external":{"metric":{"name":"queue","selector":{"matchLabels":{"q":"jobs"}}},
                  "target":{"type":"AverageValue","averageValue":"5"}}}]""";
        var r = evaluate(two, 2);
        // queue: 30 / 5 per pod = 6 beats cpu's 4
        assertThat(r.replicas()).isEqualTo(6);
        assertThat(r.metricName()).isEqualTo("external metric queue(&LabelSelector{MatchLabels:map[string]string{q: jobs,},"
                + "MatchExpressions:[]LabelSelectorRequirement{},})");
        assertThat(metrics.lastMetricSelector).isEqualTo("q=jobs");
        assertThat(r.statuses().get(1).path("external").path("current").path("averageValue").asText()).isEqualTo("15");

        // the external metric missing: cpu still scales up (4 > 2), with the error reported
        metrics.externals.clear();
        r = evaluate(two, 2);
        assertThat(r.replicas()).isEqualTo(4);
        assertThat(r.error()).startsWith("invalid metrics (1 invalid out of 2), first error is: failed to get external metric value: ");
        assertThat(r.warnings()).extracting(MetricEvaluator.Warning::reason).containsExactly("FailedGetExternalMetric");
        assertThat(r.statuses().get(1)).isEqualTo(Json.MAPPER.createObjectNode().put("type", ""));

        // but would cpu scale down, the failure stops it
        metrics.resource("cpu", Map.of("a", cpu(50), "b", cpu(50)));
        r = evaluate(two, 2);
        assertThat(r.replicas()).isEqualTo(-1);
        assertThat(r.condition().reason()).isEqualTo("FailedGetExternalMetric");
    }

    @Test
    void podsAndObjectMetrics() {
        metrics.podMetrics.put("rps", new PodMetrics(Map.of("a", PodMetric.of(300_000), "b", PodMetric.of(100_000)), NOW));
        metrics.objects.put("Ingress/main/hits", new MetricValue(2_000_000, NOW));
        var r = evaluate("""
                [{"type":"Pods","pods":{"metric":{"name":"rps"},"target":{"type":"AverageValue","averageValue":"100"}}},
                 {"type":"Object","object":{"metric":{"name":"hits"},"describedObject":{"apiVersion":"networking.k8s.io/v1",
                  "kind":"Ingress","name":"main"},"target":{"type":"Value","value":"1k"}}}]""", 2);
        // pods: average 200 against 100 → 4; object: 2000 / 1000 = ratio 2 × 2 ready pods → 4; the first highest wins
        assertThat(r.replicas()).isEqualTo(4);
        assertThat(r.metricName()).isEqualTo("pods metric rps");
        assertThat(r.statuses().get(0).path("pods").path("current").path("averageValue").asText()).isEqualTo("200");
        assertThat(r.statuses().get(1).path("object").path("current").path("value").asText()).isEqualTo("2k");
        assertThat(r.statuses().get(1).path("object").path("describedObject").path("kind").asText()).isEqualTo("Ingress");
    }

    @Test
    void unknownTypesAndMissingTargetsAreInvalid() {
        var r = evaluate("[{\"type\":\"Bogus\"}]", 2);
        assertThat(r.condition().reason()).isEqualTo("InvalidMetricSourceType");
        r = evaluate("[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\"}}}]", 2);
        assertThat(r.condition().message()).isEqualTo("the HPA was unable to compute the replica count: invalid resource "
                + "metric source: neither an average utilization target nor an average value (usage) target was set");
    }

    @Test
    void quantitiesRoundTripAsUpstream() {
        assertThat(MilliQuantity.of("500m")).isEqualTo(500);
        assertThat(MilliQuantity.of("1.5")).isEqualTo(1500);
        assertThat(MilliQuantity.of("1Ki")).isEqualTo(1_024_000);
        assertThat(MilliQuantity.of("1n")).as("rounded up").isEqualTo(1);
        assertThat(MilliQuantity.format(250)).isEqualTo("250m");
        assertThat(MilliQuantity.format(1000)).isEqualTo("1");
        assertThat(MilliQuantity.format(1500)).isEqualTo("1500m");
        assertThat(MilliQuantity.format(2_000_000)).isEqualTo("2k");
        assertThat(MilliQuantity.format(0)).isEqualTo("0");
    }
}
