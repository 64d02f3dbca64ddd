package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.apiserver.rest.Json;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.controller.EventRecorder;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.k3j.controller.podautoscaler.TestPods.NOW;
import static io.k3j.controller.podautoscaler.TestPods.running;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One HPA sync against a fake API (a deployment's scale subresource, the HPA's status subresource, Events) and a
 * fake metrics source: what is written where, with upstream's texts.
 */
class HpaReconcilerTest {

    private final TickingClock clock = new TickingClock(NOW);
    private final FakeMetrics metrics = new FakeMetrics();
    private final List<ObjectNode> pods = new ArrayList<>(List.of(running("a", "1"), running("b", "1"), running("c", "1")));
    /** The deployment's scale: spec.replicas, status.replicas, status.selector. */
    private int specReplicas = 3;
    private final List<String> writes = new ArrayList<>();
    private final List<JsonNode> events = new ArrayList<>();
    private ObjectNode lastStatusWrite;

    private final KubeClient client = (KubeClient) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[]{KubeClient.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getPath" -> {
                    String path = (String) args[0];
                    if (!path.equals("/apis/apps/v1/namespaces/default/deployments/x/scale")) {
                        yield Future.failedFuture(new KubeApiException(404, "NotFound", "not found " + path, null));
                    }
                    ObjectNode scale = Json.MAPPER.createObjectNode().put("apiVersion", "autoscaling/v1").put("kind", "Scale");
                    scale.putObject("metadata").put("name", "x").put("namespace", "default").put("resourceVersion", "7");
                    scale.putObject("spec").put("replicas", specReplicas);
                    scale.putObject("status").put("replicas", specReplicas).put("selector", "app=x");
                    yield Future.succeededFuture(scale);
                }
                case "updateSubresource" -> {
                    ObjectNode scale = (ObjectNode) args[2];
                    writes.add(args[3] + " " + ((GroupVersionResource) args[0]).resource() + " " + scale.path("spec").path("replicas"));
                    specReplicas = scale.path("spec").path("replicas").asInt();
                    yield Future.succeededFuture(scale);
                }
                case "updateStatus" -> {
                    lastStatusWrite = (ObjectNode) args[2];
                    writes.add("status " + ((GroupVersionResource) args[0]).apiVersion());
                    yield Future.succeededFuture(lastStatusWrite);
                }
                case "create" -> {
                    events.add((JsonNode) args[2]);
                    yield Future.succeededFuture(args[2]);
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private HpaReconciler reconciler() {
        return new HpaReconciler(client, new EventRecorder(client, "horizontal-pod-autoscaler", "test", clock), clock,
                new KindResolver(client, clock), ns -> pods,
                new MetricEvaluator(metrics, ReplicaCalculator.defaults(clock)), new ScaleHistory(clock, Duration.ofMinutes(5)),
                Duration.ofMinutes(5));
    }

    private static ObjectNode hpa(int min, int max) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree("""
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
                 "metadata":{"name":"x","namespace":"default","uid":"u1","resourceVersion":"10"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"x"},
                  "minReplicas":%d,"maxReplicas":%d,
                  "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]}}
                """.formatted(min, max));
    }

    /** Every current pod sampled at {@code milli}. */
    private void cpu(long milli) {
        Map<String, PodMetric> byPod = new java.util.HashMap<>();
        pods.forEach(p -> byPod.put(p.path("metadata").path("name").asText(),
                new PodMetric(milli, NOW.minusSeconds(5), Duration.ofSeconds(15))));
        metrics.resource("cpu", byPod);
    }

    private String condition(String type) {
        for (JsonNode c : lastStatusWrite.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c.path("status").asText() + "/" + c.path("reason").asText() + "/" + c.path("message").asText();
            }
        }
        return "absent";
    }

    @Test
    void highCpuRescalesThroughTheScaleSubresourceAndReportsStatus() throws Exception {
        cpu(900); // 90 % of 1 CPU against 50 %: ceil(1.8 × 3) = 6
        HpaReconciler r = reconciler();
        assertThat(r.reconcile("default/x", hpa(1, 10)).succeeded()).isTrue();

        assertThat(writes).containsExactly("scale deployments 6", "status autoscaling/v2");
        assertThat(events).extracting(e -> e.path("type").asText() + " " + e.path("reason").asText() + " " + e.path("message").asText())
                .containsExactly("Normal SuccessfulRescale New size: 6; reason: cpu resource utilization (percentage of request) above target");
        assertThat(events.get(0).path("involvedObject").path("kind").asText()).isEqualTo("HorizontalPodAutoscaler");
        JsonNode status = lastStatusWrite.path("status");
        assertThat(status.path("currentReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("desiredReplicas").asInt()).isEqualTo(6);
        assertThat(status.path("lastScaleTime").asText()).isEqualTo(NOW.toString());
        assertThat(status.path("currentMetrics")).isEqualTo(Json.MAPPER.readTree("""
                [{"type":"Resource","resource":{"name":"cpu","current":{"averageValue":"900m","averageUtilization":90}}}]"""));
        assertThat(condition("AbleToScale"))
                .isEqualTo("True/SucceededRescale/the HPA controller was able to update the target scale to 6");
        assertThat(condition("ScalingActive")).isEqualTo("True/ValidMetricFound/the HPA was able to successfully calculate "
                + "a replica count from cpu resource utilization (percentage of request)");
        assertThat(condition("ScalingLimited")).isEqualTo("False/DesiredWithinRange/the desired count is within the acceptable range");
    }

    @Test
    void anUnchangedStatusIsNotWrittenAgain() throws Exception {
        cpu(500); // on target: no rescale
        HpaReconciler r = reconciler();
        r.reconcile("default/x", hpa(1, 10));
        assertThat(writes).containsExactly("status autoscaling/v2");
        assertThat(condition("AbleToScale")).isEqualTo("True/ReadyForNewScale/recommended size matches current size");
        ObjectNode stored = lastStatusWrite.deepCopy();
        clock.advance(Duration.ofSeconds(15));
        r.reconcile("default/x", stored);
        assertThat(writes).as("upstream's updateStatusIfNeeded").hasSize(1);
    }

    @Test
    void aRestartedControllerStabilizesFromTheCurrentCountAndKeepsStoredState() throws Exception {
        cpu(900);
        reconciler().reconcile("default/x", hpa(1, 10));
        ObjectNode afterScale = lastStatusWrite.deepCopy();
        String lastScaleTime = afterScale.path("status").path("lastScaleTime").asText();

        // a new controller (fresh memory) sees 6 replicas nearly idle: it must not drop them at once
        clock.advance(Duration.ofSeconds(30));
        pods.addAll(List.of(running("d", "1"), running("e", "1"), running("f", "1")));
        cpu(50);
        writes.clear();
        reconciler().reconcile("default/x", afterScale);
        assertThat(writes).containsExactly("status autoscaling/v2");
        assertThat(specReplicas).isEqualTo(6);
        assertThat(condition("AbleToScale")).isEqualTo("True/ScaleDownStabilized/recent recommendations were higher than "
                + "current one, applying the highest recent recommendation");
        assertThat(lastStatusWrite.path("status").path("lastScaleTime").asText()).isEqualTo(lastScaleTime);
        assertThat(lastStatusWrite.path("status").path("desiredReplicas").asInt()).isEqualTo(6);
    }

    @Test
    void belowMinimumScalesWithoutMetricsAndTheMissingApiIsReported() throws Exception {
        specReplicas = 1;
        HpaReconciler r = reconciler();
        r.reconcile("default/x", hpa(3, 5));
        assertThat(writes).containsExactly("scale deployments 3", "status autoscaling/v2");
        assertThat(events.get(0).path("message").asText()).isEqualTo("New size: 3; reason: Current number of replicas below Spec.MinReplicas");
        assertThat(condition("ScalingActive")).isEqualTo("absent");

        ObjectNode stored = lastStatusWrite.deepCopy();
        events.clear();
        clock.advance(Duration.ofSeconds(15));
        assertThat(r.reconcile("default/x", stored).failed()).isTrue();
        assertThat(condition("AbleToScale")).startsWith("True/SucceededGetScale/");
        assertThat(condition("ScalingActive")).isEqualTo("False/FailedGetResourceMetric/the HPA was unable to compute the "
                + "replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch "
                + "metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)");
        assertThat(events).extracting(e -> e.path("reason").asText())
                .containsExactly("FailedGetResourceMetric", "FailedComputeMetricsReplicas");
        assertThat(lastStatusWrite.path("status").path("currentMetrics")).isEqualTo(Json.MAPPER.readTree("[{\"type\":\"\"}]"));
    }
}
