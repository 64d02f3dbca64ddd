package io.k3j.api.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class HpaConversionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final KindConversion hpa = BuiltinConversions.forResource("autoscaling", "horizontalpodautoscalers").orElseThrow();

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String V2_FULL = """
            {'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler',
             'metadata':{'name':'web','namespace':'default','annotations':{'team':'a'}},
             'spec':{'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'web'},
                     'minReplicas':1,'maxReplicas':5,
                     'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':50}}},
                                {'type':'Resource','resource':{'name':'memory','target':{'type':'AverageValue','averageValue':'1Gi'}}},
                                {'type':'Pods','pods':{'metric':{'name':'packets'},'target':{'type':'AverageValue','averageValue':'1k'}}}],
                     'behavior':{'scaleDown':{'stabilizationWindowSeconds':300,'selectPolicy':'Max',
                                 'policies':[{'type':'Percent','value':100,'periodSeconds':15}]}}},
             'status':{'currentReplicas':2,'desiredReplicas':3,
                       'currentMetrics':[{'type':'Resource','resource':{'name':'cpu','current':{'averageValue':'100m','averageUtilization':10}}}],
                       'conditions':[{'type':'AbleToScale','status':'True','lastTransitionTime':'2025-01-01T00:00:00Z',
                                      'reason':'SucceededGetScale','message':'ready'}]}}
            """;

    @Test
    void v1CpuTargetBecomesAV2UtilizationMetric() {
        ObjectNode v2 = hpa.toHub(json("""
                {'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler','metadata':{'name':'web'},
                 'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'minReplicas':1,'maxReplicas':3,
                         'targetCPUUtilizationPercentage':50},
                 'status':{'currentReplicas':1,'desiredReplicas':1,'currentCPUUtilizationPercentage':20}}
                """));
        assertThat(v2).isEqualTo(json("""
                {'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler','metadata':{'name':'web'},
                 'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'minReplicas':1,'maxReplicas':3,
                         'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':50}}}]},
                 'status':{'currentReplicas':1,'desiredReplicas':1,
                           'currentMetrics':[{'type':'Resource','resource':{'name':'cpu','current':{'averageUtilization':20}}}]}}
                """));
    }

    @Test
    void v1WithoutTargetGetsTheImplicitEightyPercent() {
        ObjectNode v2 = hpa.toHub(json("{'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler',"
                + "'metadata':{'name':'web'},'spec':{'maxReplicas':3}}"));
        assertThat(v2.path("spec").path("metrics")).isEqualTo(json("{'m':[{'type':'Resource','resource':{'name':'cpu',"
                + "'target':{'type':'Utilization','averageUtilization':80}}}]}").get("m"));
        assertThat(v2.has("status")).isFalse();
    }

    @Test
    void v2ToV1KeepsWhatV1CannotSayInUpstreamsAnnotations() {
        ObjectNode v1 = hpa.fromHub(json(V2_FULL), "v1");
        assertThat(v1.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(v1.path("spec")).isEqualTo(json("""
                {'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'web'},'minReplicas':1,'maxReplicas':5,
                 'targetCPUUtilizationPercentage':50}"""));
        assertThat(v1.path("status")).isEqualTo(json(
                "{'currentReplicas':2,'desiredReplicas':3,'currentCPUUtilizationPercentage':10}"));
        JsonNode a = v1.path("metadata").path("annotations");
        assertThat(a.path("team").asText()).isEqualTo("a");
        assertThat(a.path("autoscaling.alpha.kubernetes.io/metrics").asText()).isEqualTo(
                "[{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"targetAverageValue\":\"1Gi\"}},"
                        + "{\"type\":\"Pods\",\"pods\":{\"metricName\":\"packets\",\"targetAverageValue\":\"1k\"}}]");
        assertThat(a.path("autoscaling.alpha.kubernetes.io/current-metrics").asText()).isEqualTo(
                "[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"currentAverageUtilization\":10,"
                        + "\"currentAverageValue\":\"100m\"}}]");
        assertThat(a.path("autoscaling.alpha.kubernetes.io/conditions").asText()).isEqualTo(
                "[{\"type\":\"AbleToScale\",\"status\":\"True\",\"lastTransitionTime\":\"2025-01-01T00:00:00Z\","
                        + "\"reason\":\"SucceededGetScale\",\"message\":\"ready\"}]");
        // Upstream encodes its internal Go type here: Go field names, nulls for unset pointers.
        assertThat(a.path("autoscaling.alpha.kubernetes.io/behavior").asText()).isEqualTo(
                "{\"ScaleUp\":null,\"ScaleDown\":{\"StabilizationWindowSeconds\":300,\"SelectPolicy\":\"Max\","
                        + "\"Policies\":[{\"Type\":\"Percent\",\"Value\":100,\"PeriodSeconds\":15}],\"Tolerance\":null}}");
    }

    @Test
    void v2RoundTripsThroughV1WithTheCpuTargetLast() {
        ObjectNode original = json(V2_FULL);
        ObjectNode back = hpa.toHub(hpa.fromHub(original, "v1"));
        ObjectNode expected = original.deepCopy();
        var metrics = (com.fasterxml.jackson.databind.node.ArrayNode) expected.with("spec").get("metrics");
        metrics.add(metrics.remove(0)); // v1's own CPU target is appended after the annotated metrics, as upstream
        assertThat(back).isEqualTo(expected);
    }

    @Test
    void everyMetricSourceRoundTrips() {
        ObjectNode v2 = json("""
                {'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler','metadata':{'name':'x'},
                 'spec':{'maxReplicas':2,'metrics':[
                   {'type':'Object','object':{'describedObject':{'kind':'Ingress','name':'main','apiVersion':'networking.k8s.io/v1'},
                     'target':{'type':'Value','value':'10k'},'metric':{'name':'rps','selector':{'matchLabels':{'a':'b'}}}}},
                   {'type':'Object','object':{'describedObject':{'kind':'Service','name':'s'},
                     'target':{'type':'AverageValue','value':'0','averageValue':'2'},'metric':{'name':'q'}}},
                   {'type':'ContainerResource','containerResource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':60},'container':'app'}},
                   {'type':'External','external':{'metric':{'name':'queue','selector':{'matchLabels':{'q':'jobs'}}},
                     'target':{'type':'AverageValue','averageValue':'30'}}},
                   {'type':'External','external':{'metric':{'name':'lag'},'target':{'type':'Value','value':'100'}}}]},
                 'status':{'desiredReplicas':1,'currentMetrics':[
                   {'type':'Object','object':{'metric':{'name':'rps'},'current':{'value':'9k'},'describedObject':{'kind':'Ingress','name':'main'}}},
                   {'type':'Pods','pods':{'metric':{'name':'packets'},'current':{'averageValue':'5'}}},
                   {'type':'ContainerResource','containerResource':{'name':'cpu','current':{'averageValue':'50m','averageUtilization':40},'container':'app'}},
                   {'type':'External','external':{'metric':{'name':'lag'},'current':{'value':'90'}}},
                   {'type':''}]}}
                """);
        ObjectNode v1 = hpa.fromHub(v2, "v1");
        assertThat(v1.path("spec").has("targetCPUUtilizationPercentage")).isFalse();
        ObjectNode back = hpa.toHub(v1);
        assertThat(back.path("spec").path("metrics")).isEqualTo(v2.path("spec").path("metrics"));
        assertThat(back.path("status").path("currentMetrics")).isEqualTo(v2.path("status").path("currentMetrics"));
    }

    @Test
    void v2NeverCarriesTheRoundTripAnnotations() {
        ObjectNode v2 = json(V2_FULL);
        v2.with("metadata").with("annotations").put("autoscaling.alpha.kubernetes.io/metrics", "[]")
                .put("autoscaling.alpha.kubernetes.io/conditions", "[]");
        assertThat(hpa.toHub(v2).path("metadata").path("annotations")).isEqualTo(json("{'team':'a'}"));
        ObjectNode bare = json("{'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler','metadata':{'name':'x',"
                + "'annotations':{'autoscaling.alpha.kubernetes.io/behavior':'{}'}},'spec':{}}");
        assertThat(hpa.fromHub(bare, "v2").path("metadata").has("annotations")).isFalse();
    }

    @Test
    void undecodableAnnotationsAreIgnoredAndDropped() {
        ObjectNode v2 = hpa.toHub(json("""
                {'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler',
                 'metadata':{'name':'x','annotations':{'autoscaling.alpha.kubernetes.io/metrics':'not json',
                   'autoscaling.alpha.kubernetes.io/behavior':'{}','autoscaling.alpha.kubernetes.io/conditions':'{\\'a\\':1}'}},
                 'spec':{'maxReplicas':2,'targetCPUUtilizationPercentage':70}}
                """));
        assertThat(v2.path("metadata").has("annotations")).isFalse();
        assertThat(v2.path("spec").path("metrics")).hasSize(1);
        assertThat(v2.path("spec").path("metrics").get(0).path("resource").path("target").path("averageUtilization").asInt())
                .isEqualTo(70);
        assertThat(v2.path("spec").has("behavior")).isFalse();
        assertThat(v2.has("status")).isFalse();
    }

    @Test
    void annotatedQuantitiesAreDecodedAsGoDecodesThem() {
        String v1 = """
                {'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler',
                 'metadata':{'name':'x','annotations':{'autoscaling.alpha.kubernetes.io/metrics':'%s'}},
                 'spec':{'maxReplicas':2,'targetCPUUtilizationPercentage':70}}""";
        ObjectNode good = hpa.toHub(json(v1.formatted(
                "[{\\'type\\':\\'Pods\\',\\'pods\\':{\\'metricName\\':\\'q\\',\\'targetAverageValue\\':\\'1024Mi\\'}}]")));
        assertThat(good.at("/spec/metrics/0/pods/target/averageValue").asText()).isEqualTo("1Gi");
        assertThat(good.at("/spec/metrics/1/resource/name").asText()).isEqualTo("cpu");
        ObjectNode bad = hpa.toHub(json(v1.formatted(
                "[{\\'type\\':\\'Pods\\',\\'pods\\':{\\'metricName\\':\\'q\\',\\'targetAverageValue\\':\\'lots\\'}}]")));
        assertThat(bad.at("/spec/metrics")).hasSize(1); // the undecodable annotation is ignored as a whole
    }

    @Test
    void behaviorAnnotationDecodesGoNamesOrJsonTags() {
        ObjectNode v2 = hpa.toHub(json("""
                {'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler',
                 'metadata':{'name':'x','annotations':{'autoscaling.alpha.kubernetes.io/behavior':
                   '{\\'scaleUp\\':{\\'selectPolicy\\':\\'Disabled\\'},\\'ScaleDown\\':null}'}},
                 'spec':{'maxReplicas':2}}
                """));
        assertThat(v2.path("spec").path("behavior")).isEqualTo(json("{'scaleUp':{'selectPolicy':'Disabled'}}"));
    }

    @Test
    void inputsAreNeverModified() {
        ObjectNode v2 = json(V2_FULL);
        ObjectNode copy = v2.deepCopy();
        ObjectNode v1 = hpa.fromHub(v2, "v1");
        ObjectNode v1Copy = v1.deepCopy();
        hpa.toHub(v1);
        hpa.fromHub(v2, "v2").with("metadata").put("resourceVersion", "9");
        assertThat(v2).isEqualTo(copy);
        assertThat(v1).isEqualTo(v1Copy);
    }
}
