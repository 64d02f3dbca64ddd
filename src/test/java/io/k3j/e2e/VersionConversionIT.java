package io.k3j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kubectl 1.33 against a kind served at two versions and against quantities: an HPA written through autoscaling/v1
 * reads as v2 and the other way round (targetCPUUtilizationPercentage ⇄ metrics, v2's other metrics in upstream's
 * annotations), watches through either version stream that version, and a pod's cpu 0.5 / memory 1024Mi come back
 * as 500m / 1Gi.
 */
@Tag("e2e")
class VersionConversionIT {

    /** Full names: kubectl expands the short name "hpa" to the preferred version whatever version follows it. */
    private static final String V1 = "horizontalpodautoscalers.v1.autoscaling";
    private static final String V2 = "horizontalpodautoscalers.v2.autoscaling";

    private static ClassServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-convert");
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

    private static String file(String name, String yaml) throws Exception {
        return Files.writeString(server.dir.resolve(name), yaml).toString();
    }

    private static String namespace(String name) {
        get("create", "namespace", name);
        return name;
    }

    private static String v1Hpa(String ns, int target) {
        return """
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: web, namespace: %s}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 2
                  maxReplicas: 5
                  targetCPUUtilizationPercentage: %d
                """.formatted(ns, target);
    }

    @Test
    void anHpaWrittenThroughV1ReadsAsV2() throws Exception {
        String ns = namespace("conv-v1");
        get("apply", "-f", file("v1.yaml", v1Hpa(ns, 60)));

        String yaml = get("-n", ns, "get", "hpa", "web", "-o", "yaml"); // the preferred version: v2
        assertThat(yaml).contains("apiVersion: autoscaling/v2").contains("averageUtilization: 60")
                .doesNotContain("targetCPUUtilizationPercentage: 60");
        assertThat(get("-n", ns, "get", V2, "web", "-o",
                "jsonpath={.spec.metrics[0].type}/{.spec.metrics[0].resource.name}/{.spec.metrics[0].resource.target.type}"
                        + "/{.spec.metrics[0].resource.target.averageUtilization}")).isEqualTo("Resource/cpu/Utilization/60");
        assertThat(get("-n", ns, "get", V1, "web", "-o",
                "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage}")).isEqualTo("autoscaling/v1 60");
        assertThat(get("-n", ns, "get", "hpa")).containsPattern("web +Deployment/web +cpu: .*/60% +2 +5 ");
        assertThat(get("-n", ns, "get", V1)).containsPattern("web +Deployment/web +cpu: .*/60% +2 +5 ");

        // client-side apply again through v1 (a strategic merge patch on the v1 view of the v2 object)
        get("apply", "-f", file("v1.yaml", v1Hpa(ns, 75)));
        assertThat(get("-n", ns, "get", V2, "web", "-o",
                "jsonpath={.spec.metrics[0].resource.target.averageUtilization}")).isEqualTo("75");
        assertThat(get("-n", ns, "get", V2, "web", "-o", "jsonpath={.spec.metrics}"))
                .doesNotContain("averageUtilization\":60");
        get("delete", "namespace", ns, "--wait=false");
    }

    @Test
    void anHpaWrittenThroughV2ReadsAsV1AndSurvivesAV1Replace() throws Exception {
        String ns = namespace("conv-v2");
        get("apply", "-f", file("v2.yaml", """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: api, namespace: %s}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
                  maxReplicas: 4
                  metrics:
                  - type: Resource
                    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
                  - type: Resource
                    resource: {name: memory, target: {type: AverageValue, averageValue: 1024Mi}}
                  behavior:
                    scaleDown: {stabilizationWindowSeconds: 60}
                """.formatted(ns)));
        assertThat(get("-n", ns, "get", V1, "api", "-o", "jsonpath={.spec.targetCPUUtilizationPercentage}"))
                .isEqualTo("50");
        assertThat(get("-n", ns, "get", V1, "api", "-o",
                "jsonpath={.metadata.annotations.autoscaling\\.alpha\\.kubernetes\\.io/metrics}"))
                .isEqualTo("[{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"targetAverageValue\":\"1Gi\"}}]");
        assertThat(get("-n", ns, "get", V1, "api", "-o",
                "jsonpath={.metadata.annotations.autoscaling\\.alpha\\.kubernetes\\.io/behavior}"))
                .contains("\"ScaleDown\":{\"StabilizationWindowSeconds\":60,\"SelectPolicy\":\"Max\"");

        // A v1 client replaces the object with what it read, maxReplicas changed: v2's fields survive.
        String v1Json = get("-n", ns, "get", V1, "api", "-o", "json").replace("\"maxReplicas\": 4",
                "\"maxReplicas\": 8");
        get("replace", "-f", file("v1-read.json", v1Json));
        assertThat(get("-n", ns, "get", "hpa", "api", "-o",
                "jsonpath={.spec.maxReplicas} {.spec.metrics[*].resource.name} {.spec.behavior.scaleDown.stabilizationWindowSeconds}"))
                .isEqualTo("8 memory cpu 60");
        assertThat(get("-n", ns, "get", "hpa", "api", "-o", "jsonpath={.metadata.annotations.autoscaling\\.alpha\\."
                + "kubernetes\\.io/metrics}{.metadata.annotations.autoscaling\\.alpha\\.kubernetes\\.io/behavior}")).isEmpty();

        // server-side apply through v1 conflicts with the v2 manager that owns the metrics
        Kubectl.Result conflict = kubectl.run("apply", "--server-side", "--field-manager=v1-team", "-f", file("v1-ssa.yaml", """
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: api, namespace: %s}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
                  maxReplicas: 8
                  targetCPUUtilizationPercentage: 90
                """.formatted(ns)));
        assertThat(conflict.code()).isNotZero();
        assertThat(conflict.err()).contains("conflict").contains(".spec.metrics");
        get("delete", "namespace", ns, "--wait=false");
    }

    @Test
    void watchesThroughEitherVersionStreamThatVersion() throws Exception {
        String ns = namespace("conv-watch");
        String path = "/namespaces/" + ns + "/horizontalpodautoscalers";
        get("apply", "-f", file("w.yaml", v1Hpa(ns, 60)));
        String rv = get("-n", ns, "get", "hpa", "web", "-o", "jsonpath={.metadata.resourceVersion}");
        get("-n", ns, "patch", V2, "web", "--type=merge", "-p", "{\"spec\":{\"maxReplicas\":9}}");

        JsonNode v1 = onlyEvent(get("get", "--raw", "/apis/autoscaling/v1" + path + "?watch=true&timeoutSeconds=1&resourceVersion=" + rv));
        assertThat(v1.path("type").asText()).isEqualTo("MODIFIED");
        assertThat(v1.at("/object/apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(v1.at("/object/spec").toString()).contains("\"maxReplicas\":9").contains("\"targetCPUUtilizationPercentage\":60");
        JsonNode v2 = onlyEvent(get("get", "--raw", "/apis/autoscaling/v2" + path + "?watch=true&timeoutSeconds=1&resourceVersion=" + rv));
        assertThat(v2.path("type").asText()).isEqualTo("MODIFIED");
        assertThat(v2.at("/object/apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(v2.at("/object/spec/maxReplicas").asInt()).isEqualTo(9);
        assertThat(v2.at("/object/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(60);
        assertThat(v2.at("/object/spec").has("targetCPUUtilizationPercentage")).isFalse();
        String initial = get("get", "--raw", "/apis/autoscaling/v1" + path + "?watch=true&timeoutSeconds=1");
        JsonNode added = onlyEvent(initial);
        assertThat(added.path("type").asText()).isEqualTo("ADDED");
        assertThat(added.at("/object/apiVersion").asText()).isEqualTo("autoscaling/v1");
        get("delete", "namespace", ns, "--wait=false");
    }

    private static JsonNode onlyEvent(String stream) {
        java.util.List<String> lines = stream.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(stream).hasSize(1);
        try {
            return new ObjectMapper().readTree(lines.get(0));
        } catch (java.io.IOException e) {
            throw new AssertionError(stream, e);
        }
    }

    @Test
    void podQuantitiesComeBackCanonical() throws Exception {
        String ns = namespace("conv-quantity");
        get("apply", "-f", file("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: q, namespace: %s}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    resources:
                      requests: {cpu: 0.5, memory: 1024Mi}
                      limits: {cpu: 1000m, memory: 2000Mi}
                """.formatted(ns)));
        assertThat(get("-n", ns, "get", "pod", "q", "-o", "jsonpath={.spec.containers[0].resources.requests.cpu} "
                + "{.spec.containers[0].resources.requests.memory} {.spec.containers[0].resources.limits.cpu} "
                + "{.spec.containers[0].resources.limits.memory}")).isEqualTo("500m 1Gi 1 2000Mi");

        Kubectl.Result bad = kubectl.run("apply", "-f", file("bad.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: bad, namespace: %s}
                spec:
                  containers:
                  - {name: c, image: busybox, resources: {requests: {cpu: half}}}
                """.formatted(ns)));
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("Error from server (BadRequest)").contains("Pod in version \"v1\" cannot be handled "
                + "as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        get("delete", "namespace", ns, "--wait=false");
    }
}
