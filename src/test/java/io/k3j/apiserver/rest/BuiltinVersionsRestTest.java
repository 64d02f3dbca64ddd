package io.k3j.apiserver.rest;

import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionChain;
import io.k3j.auth.UserInfo;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kind served at two versions (HorizontalPodAutoscaler, autoscaling/v1 and v2) through every verb: stored once in
 * v2, each read, list, watch and write answer in the version asked for.
 */
class BuiltinVersionsRestTest {

    static final String V1 = "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers";
    static final String V2 = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";
    static final String KEY = "/registry/autoscaling/horizontalpodautoscalers/default/";

    @TempDir
    Path dir;
    RestHarness rest;

    @BeforeEach
    void setUp() {
        rest = new RestHarness(dir, new UserInfo("admin", List.of(UserInfo.MASTERS)), AdmissionChain.NONE);
        ok(rest.call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}"));
    }

    @AfterEach
    void tearDown() {
        rest.close();
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return RestHarness.json(r);
    }

    static String q(String json) {
        return json.replace('\'', '"');
    }

    static final String V1_WEB = q("""
            {'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler','metadata':{'name':'web'},
             'spec':{'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'web'},'maxReplicas':4,
                     'targetCPUUtilizationPercentage':60}}""");

    private String stored(String name) {
        return new String(await(rest.store.get(KEY + name)).kv().value(), StandardCharsets.UTF_8);
    }

    @Test
    void createdThroughV1IsStoredAndReadAsV2() {
        JsonNode created = ok(rest.call("POST", V1, V1_WEB));
        assertThat(created.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(created.at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(60);
        assertThat(created.at("/spec/minReplicas").asInt()).isEqualTo(1);
        assertThat(stored("web")).contains("\"apiVersion\":\"autoscaling/v2\"").contains("\"averageUtilization\":60")
                .doesNotContain("\"targetCPUUtilizationPercentage\":"); // (managedFields name it as f:…)

        JsonNode v2 = ok(rest.call("GET", V2 + "/web", null));
        assertThat(v2.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(v2.at("/spec/metrics/0/resource/target").toString())
                .isEqualTo(q("{'type':'Utilization','averageUtilization':60}"));
        assertThat(v2.at("/metadata/resourceVersion").asText()).isEqualTo(created.at("/metadata/resourceVersion").asText());
        // the managedFields entry keeps the version its manager wrote in
        assertThat(v2.at("/metadata/managedFields/0/apiVersion").asText()).isEqualTo("autoscaling/v1");
    }

    @Test
    void v1CreateWithoutTargetAnswersUpstreamsImplicitEightyPercent() {
        JsonNode created = ok(rest.call("POST", V1, q("""
                {'metadata':{'name':'bare'},'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':2}}""")));
        assertThat(created.at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(80);
    }

    @Test
    void createdThroughV2ReadsAsV1WithItsOtherMetricsInAnnotations() {
        ok(rest.call("POST", V2, q("""
                {'metadata':{'name':'mem'},'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':3,
                 'metrics':[{'type':'Resource','resource':{'name':'memory','target':{'type':'AverageValue','averageValue':'1024Mi'}}},
                            {'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':70}}}],
                 'behavior':{'scaleUp':{'selectPolicy':'Disabled'}}}}""")));
        JsonNode v1 = ok(rest.call("GET", V1 + "/mem", null));
        assertThat(v1.at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(70);
        // the v2 write canonicalised the quantity (1024Mi -> 1Gi) before it went into the annotation
        assertThat(v1.at("/metadata/annotations").path("autoscaling.alpha.kubernetes.io/metrics").asText())
                .isEqualTo("[{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"targetAverageValue\":\"1Gi\"}}]");
        assertThat(v1.at("/metadata/annotations").path("autoscaling.alpha.kubernetes.io/behavior").asText())
                .startsWith("{\"ScaleUp\":{\"StabilizationWindowSeconds\":0,\"SelectPolicy\":\"Disabled\"");

        // A v1 client writing back what it read loses nothing of v2's.
        JsonNode updated = ok(rest.call("PUT", V1 + "/mem", v1.toString().replace("\"maxReplicas\":3", "\"maxReplicas\":6")));
        assertThat(updated.at("/spec/maxReplicas").asInt()).isEqualTo(6);
        JsonNode v2 = ok(rest.call("GET", V2 + "/mem", null));
        assertThat(v2.at("/spec/maxReplicas").asInt()).isEqualTo(6);
        assertThat(v2.at("/spec/metrics").size()).isEqualTo(2);
        assertThat(v2.at("/spec/metrics/0/resource/name").asText()).isEqualTo("memory");
        assertThat(v2.at("/spec/behavior/scaleUp/selectPolicy").asText()).isEqualTo("Disabled");
        assertThat(v2.at("/metadata/annotations").isMissingNode()).isTrue();
    }

    @Test
    void patchesInEitherVersionChangeTheOneStoredObject() {
        ok(rest.call("POST", V2, q("""
                {'metadata':{'name':'p'},'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':3}}""")));
        JsonNode merged = ok(rest.call("PATCH", V1 + "/p", q("{'spec':{'targetCPUUtilizationPercentage':55}}"),
                "application/merge-patch+json"));
        assertThat(merged.at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(55);
        JsonNode smp = ok(rest.call("PATCH", V2 + "/p", q("{'spec':{'minReplicas':2}}"),
                "application/strategic-merge-patch+json"));
        assertThat(smp.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(55);
        JsonNode json = ok(rest.call("PATCH", V1 + "/p", q("[{'op':'replace','path':'/spec/maxReplicas','value':9}]"),
                "application/json-patch+json"));
        assertThat(json.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(ok(rest.call("GET", V2 + "/p", null)).at("/spec/maxReplicas").asInt()).isEqualTo(9);
    }

    @Test
    void anObjectStoredAsV1ReadsInBothVersions() {
        // written by a k3j that stored built-in objects in the version they came in
        await(rest.store.create(KEY + "old", q("""
                {'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler',
                 'metadata':{'name':'old','namespace':'default','uid':'u1','creationTimestamp':'2025-01-01T00:00:00Z'},
                 'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'minReplicas':1,'maxReplicas':2,
                         'targetCPUUtilizationPercentage':40},
                 'status':{'currentReplicas':1,'desiredReplicas':1,'currentCPUUtilizationPercentage':12}}""")
                .getBytes(StandardCharsets.UTF_8), null));
        JsonNode v2 = ok(rest.call("GET", V2 + "/old", null));
        assertThat(v2.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(40);
        assertThat(v2.at("/status/currentMetrics/0/resource/current/averageUtilization").asInt()).isEqualTo(12);
        JsonNode v1 = ok(rest.call("GET", V1 + "/old", null));
        assertThat(v1.at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(40);
        JsonNode cached = ok(rest.call("GET", V2 + "?resourceVersion=0", null));
        assertThat(cached.at("/items/0/apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(cached.at("/items/0/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
        // the next write stores it as v2
        ok(rest.call("PATCH", V1 + "/old", q("{'spec':{'maxReplicas':3}}"), "application/merge-patch+json"));
        assertThat(stored("old")).contains("\"apiVersion\":\"autoscaling/v2\"");
    }

    @Test
    void listsFromStoreAndCacheAnswerTheAskedVersion() {
        ok(rest.call("POST", V1, V1_WEB));
        for (String rv : new String[]{"", "?resourceVersion=0"}) {
            JsonNode l1 = ok(rest.call("GET", V1 + rv, null));
            assertThat(l1.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
            assertThat(l1.at("/items/0/apiVersion").asText()).isEqualTo("autoscaling/v1");
            assertThat(l1.at("/items/0/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(60);
            JsonNode l2 = ok(rest.call("GET", V2 + rv, null));
            assertThat(l2.at("/items/0/apiVersion").asText()).isEqualTo("autoscaling/v2");
            assertThat(l2.at("/items/0/spec/metrics/0/type").asText()).isEqualTo("Resource");
        }
    }

    @Test
    void watchesThroughEitherVersionSeeTheirVersion() {
        String start = ok(rest.call("GET", V2, null)).at("/metadata/resourceVersion").asText();
        String created = ok(rest.call("POST", V1, V1_WEB)).at("/metadata/resourceVersion").asText();
        // from before the cache was loaded: served from the store's history
        List<JsonNode> fromStore = events(V2 + "?watch=true&timeoutSeconds=1&resourceVersion=" + start);
        assertThat(fromStore).hasSize(1);
        assertThat(fromStore.get(0).at("/object/apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(fromStore.get(0).at("/object/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(60);

        ok(rest.call("PATCH", V2 + "/web", q("{'spec':{'maxReplicas':7}}"), "application/merge-patch+json"));
        for (String base : new String[]{V1, V2}) {
            List<JsonNode> replay = events(base + "?watch=true&timeoutSeconds=1&resourceVersion=" + created);
            assertThat(replay).extracting(e -> e.path("type").asText()).containsExactly("MODIFIED");
            JsonNode obj = replay.get(0).path("object");
            assertThat(obj.path("apiVersion").asText()).isEqualTo(base.equals(V1) ? "autoscaling/v1" : "autoscaling/v2");
            assertThat(obj.at("/spec/maxReplicas").asInt()).isEqualTo(7);
            assertThat(base.equals(V1) ? obj.at("/spec/targetCPUUtilizationPercentage").asInt()
                    : obj.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(60);
        }
        List<JsonNode> initial = events(V1 + "?watch=true&timeoutSeconds=1");
        assertThat(initial).extracting(e -> e.path("type").asText()).containsExactly("ADDED");
        assertThat(initial.get(0).at("/object/apiVersion").asText()).isEqualTo("autoscaling/v1");
    }

    @Test
    void applyConflictsWithAnOwnerThatWroteInTheOtherVersion() {
        String v2Config = q("""
                {'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler','metadata':{'name':'a'},
                 'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':3,
                 'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':50}}}]}}""");
        ok(rest.call("PATCH", V2 + "/a?fieldManager=team-v2", v2Config, "application/apply-patch+yaml"));
        String v1Config = q("""
                {'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler','metadata':{'name':'a'},
                 'spec':{'targetCPUUtilizationPercentage':90}}""");
        HttpResponse<String> conflict = rest.call("PATCH", V1 + "/a?fieldManager=team-v1", v1Config,
                "application/apply-patch+yaml");
        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
        assertThat(RestHarness.json(conflict).path("message").asText()).contains("conflict with \"team-v2\"")
                .contains(".spec.metrics");
        JsonNode forced = ok(rest.call("PATCH", V1 + "/a?fieldManager=team-v1&force=true", v1Config,
                "application/apply-patch+yaml"));
        assertThat(forced.at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(90);
        List<String> managers = new ArrayList<>();
        forced.at("/metadata/managedFields").forEach(e -> managers.add(e.path("manager").asText() + " "
                + e.path("apiVersion").asText()));
        assertThat(managers).contains("team-v1 autoscaling/v1");
        // the v2 owner lost what the forced v1 apply took over (its metrics list)
        forced.at("/metadata/managedFields").forEach(e -> {
            if (e.path("manager").asText().equals("team-v2")) {
                assertThat(e.path("fieldsV1").toString()).doesNotContain("f:metrics");
            }
        });
    }

    @Test
    void anUpdateInOneVersionTakesOwnershipFromAManagerOfTheOther() {
        ok(rest.call("POST", V1 + "?fieldManager=v1-writer", V1_WEB));
        JsonNode patched = ok(rest.call("PATCH", V2 + "/web?fieldManager=v2-writer", q("""
                [{'op':'replace','path':'/spec/metrics/0/resource/target/averageUtilization','value':65}]"""),
                "application/json-patch+json"));
        String v1Fields = null;
        String v2Fields = null;
        for (JsonNode e : patched.at("/metadata/managedFields")) {
            if (e.path("manager").asText().equals("v1-writer")) {
                v1Fields = e.path("fieldsV1").toString();
            } else if (e.path("manager").asText().equals("v2-writer")) {
                v2Fields = e.path("fieldsV1").toString();
            }
        }
        // compared in v1, the change is to targetCPUUtilizationPercentage: the v1 writer no longer owns it
        assertThat(v1Fields).contains("f:maxReplicas").doesNotContain("f:targetCPUUtilizationPercentage");
        assertThat(v2Fields).contains("f:metrics");
    }

    /** The events of a watch that ends by its timeout. */
    private List<JsonNode> events(String path) {
        HttpResponse<String> r = rest.call("GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.body().lines().filter(l -> !l.isBlank()).forEach(l -> {
            try {
                out.add(Json.MAPPER.readTree(l));
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        });
        return out;
    }
}
