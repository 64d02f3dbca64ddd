package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HorizontalPodAutoscaler controller as kubectl 1.33 users meet it on a k3j with hollow nodes and, as yet, no
 * metrics API: {@code kubectl autoscale} brings a deployment up to its minimum, and describe shows what upstream
 * shows without metrics-server (ScalingActive False, FailedGetResourceMetric). The sync period is shortened to 2 s
 * through --kube-controller-manager-arg so the test does not wait 15 s per step.
 */
@Tag("e2e")
class HorizontalPodAutoscalerIT {

    private static final String NO_METRICS = "failed to get cpu utilization: unable to get metrics for resource cpu: "
            + "unable to fetch metrics from resource metrics API: the server could not find the requested resource "
            + "(get pods.metrics.k8s.io)";

    private static ClassServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-hpa", "--hollow-nodes", "2",
                "--kube-controller-manager-arg", "horizontal-pod-autoscaler-sync-period=2s");
        kubectl = server.kubectl;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String get(String... args) {
        return kubectl.run(args).assertOk().out().trim();
    }

    private static Kubectl.Result eventually(String what, Predicate<Kubectl.Result> ok, String... args) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Kubectl.Result r;
        do {
            r = kubectl.run(args);
            if (ok.test(r)) {
                return r;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("timed out waiting for " + what + "; last: " + r);
    }

    private static String namespace(String name) {
        get("create", "namespace", name);
        return name;
    }

    @Test
    void autoscaleRaisesToMinimumAndReportsTheMissingMetricsApi() {
        String ns = namespace("hpa-min");
        get("-n", ns, "create", "deployment", "x", "--image=nginx", "--replicas=1");
        get("-n", ns, "autoscale", "deployment", "x", "--min=3", "--max=5", "--cpu-percent=50");

        eventually("the deployment scaled to the HPA's minimum and ready", r -> r.out().equals("3/3"),
                "-n", ns, "get", "deployment", "x", "-o", "jsonpath={.spec.replicas}/{.status.readyReplicas}");
        String describe = eventually("the metrics failure in describe", r -> r.out().contains("FailedComputeMetricsReplicas"),
                "-n", ns, "describe", "hpa", "x").out();
        assertThat(describe).contains(
                "Reference:                                             Deployment/x",
                "resource cpu on pods  (as a percentage of request):  <unknown> / 50%",
                "Min replicas:                                          3",
                "Max replicas:                                          5",
                "Deployment pods:                                       3 current / 3 desired",
                "AbleToScale    True    SucceededGetScale        the HPA controller was able to get the target's current scale",
                "ScalingActive  False   FailedGetResourceMetric  the HPA was unable to compute the replica count: " + NO_METRICS);
        assertThat(describe).containsPattern("Normal +SuccessfulRescale +.*horizontal-pod-autoscaler +New size: 3; reason: "
                + "Current number of replicas below Spec.MinReplicas");
        assertThat(describe).containsPattern("Warning +FailedGetResourceMetric +.*horizontal-pod-autoscaler +"
                + java.util.regex.Pattern.quote(NO_METRICS));
        assertThat(describe).containsPattern("Warning +FailedComputeMetricsReplicas +.*horizontal-pod-autoscaler +"
                + java.util.regex.Pattern.quote("invalid metrics (1 invalid out of 1), first error is: failed to get cpu "
                + "resource metric value: " + NO_METRICS));

        assertThat(get("-n", ns, "get", "hpa", "x", "-o",
                "jsonpath={.status.currentReplicas}/{.status.desiredReplicas}/{.status.currentMetrics[0].type}|"))
                .isEqualTo("3/3/|");
        assertThat(get("-n", ns, "get", "hpa", "x", "-o", "jsonpath={.status.lastScaleTime}")).isNotEmpty();
        String table = get("-n", ns, "get", "hpa");
        assertThat(table.lines().findFirst().orElseThrow().split(" +"))
                .containsExactly("NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE");
        assertThat(table).containsPattern("x +Deployment/x +cpu: <unknown>/50% +3 +5 +3 ");

        // The deployment stays at 3: without metrics the controller never scales inside [min, max].
        get("-n", ns, "scale", "deployment", "x", "--replicas=4");
        eventually("the HPA to observe 4 replicas", r -> r.out().equals("4"),
                "-n", ns, "get", "hpa", "x", "-o", "jsonpath={.status.currentReplicas}");
        assertThat(get("-n", ns, "get", "deployment", "x", "-o", "jsonpath={.spec.replicas}")).isEqualTo("4");
        get("delete", "namespace", ns, "--wait=false");
    }

    @Test
    void clampsToMaximumAndStopsAtZero() throws Exception {
        String ns = namespace("hpa-max");
        Path manifest = Files.writeString(server.dir.resolve("max.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: big}
                spec:
                  replicas: 7
                  selector: {matchLabels: {app: big}}
                  template:
                    metadata: {labels: {app: big}}
                    spec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 100m}}}]}
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: big}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: big}
                  minReplicas: 2
                  maxReplicas: 4
                  metrics:
                  - type: Resource
                    resource: {name: memory, target: {type: AverageValue, averageValue: 64Mi}}
                """);
        get("-n", ns, "apply", "-f", manifest.toString());
        eventually("the deployment clamped to the maximum", r -> r.out().equals("4"),
                "-n", ns, "get", "deployment", "big", "-o", "jsonpath={.spec.replicas}");
        eventually("the rescale event", r -> r.out().contains(
                        "New size: 4; reason: Current number of replicas above Spec.MaxReplicas"),
                "-n", ns, "get", "events", "--field-selector", "involvedObject.kind=HorizontalPodAutoscaler,reason=SuccessfulRescale");
        eventually("the memory metric failure", r -> r.out().contains("failed to get memory usage: unable to get metrics for "
                        + "resource memory: unable to fetch metrics from resource metrics API"),
                "-n", ns, "get", "hpa", "big", "-o", "jsonpath={.status.conditions[?(@.type==\"ScalingActive\")].message}");

        get("-n", ns, "scale", "deployment", "big", "--replicas=0");
        String active = "{.status.conditions[?(@.type==\"ScalingActive\")]";
        eventually("scaling disabled at zero", r -> r.out().equals(
                        "False/ScalingDisabled/scaling is disabled since the replica count of the target is zero"),
                "-n", ns, "get", "hpa", "big", "-o", "jsonpath=" + active + ".status}/" + active + ".reason}/" + active + ".message}");
        assertThat(get("-n", ns, "get", "deployment", "big", "-o", "jsonpath={.spec.replicas}")).isEqualTo("0");
        assertThat(get("-n", ns, "get", "hpa", "big", "-o", "jsonpath={.status.desiredReplicas}")).isEqualTo("0");
        get("delete", "namespace", ns, "--wait=false");
    }

    @Test
    void aMissingTargetIsReportedAsFailedGetScale() throws Exception {
        String ns = namespace("hpa-missing");
        Path manifest = Files.writeString(server.dir.resolve("missing.yaml"), """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: orphan}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: nope}
                  maxReplicas: 3
                """);
        get("-n", ns, "apply", "-f", manifest.toString());
        String able = "{.status.conditions[?(@.type==\"AbleToScale\")]";
        eventually("AbleToScale False", r -> r.out().equals("False/FailedGetScale/the HPA controller was unable to get "
                        + "the target's current scale: deployments.apps \"nope\" not found"),
                "-n", ns, "get", "hpa", "orphan", "-o", "jsonpath=" + able + ".status}/" + able + ".reason}/" + able + ".message}");
        eventually("the FailedGetScale event", r -> r.out().contains("deployments.apps \"nope\" not found"),
                "-n", ns, "get", "events", "--field-selector", "involvedObject.name=orphan,reason=FailedGetScale");
        get("delete", "namespace", ns, "--wait=false");
    }

    @Test
    void scalesACustomResourceThroughItsScaleSubresource() throws Exception {
        String ns = namespace("hpa-crd");
        Path crd = Files.writeString(server.dir.resolve("widgets.yaml"), """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.hpa.example.com}
                spec:
                  group: hpa.example.com
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    subresources:
                      status: {}
                      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas,
                              labelSelectorPath: .status.selector}
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec: {type: object, properties: {replicas: {type: integer}}}
                          status: {type: object, properties: {replicas: {type: integer}, selector: {type: string}}}
                """);
        get("apply", "-f", crd.toString());
        eventually("the CRD established", r -> r.out().equals("True"), "get", "crd", "widgets.hpa.example.com",
                "-o", "jsonpath={.status.conditions[?(@.type==\"Established\")].status}");
        Path objects = Files.writeString(server.dir.resolve("widget.yaml"), """
                apiVersion: hpa.example.com/v1
                kind: Widget
                metadata: {name: w}
                spec: {replicas: 1}
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: w}
                spec:
                  scaleTargetRef: {apiVersion: hpa.example.com/v1, kind: Widget, name: w}
                  minReplicas: 2
                  maxReplicas: 6
                """);
        get("-n", ns, "apply", "-f", objects.toString());
        eventually("the widget scaled to the minimum", r -> r.out().equals("2"),
                "-n", ns, "get", "widget", "w", "-o", "jsonpath={.spec.replicas}");
        eventually("the rescale recorded", r -> r.out().contains("New size: 2; reason: Current number of replicas below "
                        + "Spec.MinReplicas"),
                "-n", ns, "get", "events", "--field-selector", "involvedObject.name=w,reason=SuccessfulRescale");
        get("-n", ns, "delete", "hpa", "w");
        get("delete", "namespace", ns, "--wait=false");
        get("delete", "crd", "widgets.hpa.example.com", "--wait=false");
    }
}
