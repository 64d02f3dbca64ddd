package io.k3j.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionChain;
import io.k3j.auth.UserInfo;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quantities are stored and served in canonical form on every write path; malformed ones fail as upstream's. */
class QuantityWriteTest {

    static final String PODS = "/api/v1/namespaces/default/pods";
    static final String FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    @TempDir
    Path dir;
    RestHarness rest;

    @BeforeEach
    void setUp() {
        rest = new RestHarness(dir, new UserInfo("admin", List.of(UserInfo.MASTERS)), AdmissionChain.NONE);
        DefaultingWriteTest.ok(rest.call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}"));
    }

    @AfterEach
    void tearDown() {
        rest.close();
    }

    private static JsonNode ok(HttpResponse<String> r) {
        return DefaultingWriteTest.ok(r);
    }

    private static String q(String json) {
        return json.replace('\'', '"');
    }

    @Test
    void aPodsQuantitiesAreCanonicalOnCreateAndOnRead() {
        JsonNode pod = ok(rest.call("POST", PODS, q("""
                {'metadata':{'name':'p'},'spec':{
                  'initContainers':[{'name':'i','image':'busybox','resources':{'limits':{'cpu':'1000m','memory':'2048Ki'}}}],
                  'containers':[{'name':'c','image':'busybox','resources':{'requests':{'cpu':0.5,'memory':'1024Mi'},
                                 'limits':{'cpu':'1.5','ephemeral-storage':'2000Mi'}}}],
                  'overhead':{'cpu':'0.25'},
                  'volumes':[{'name':'v','emptyDir':{'sizeLimit':'1024Mi'}}]}}""")));
        assertThat(pod.at("/spec/containers/0/resources").toString()).isEqualTo(q(
                "{'requests':{'cpu':'500m','memory':'1Gi','ephemeral-storage':'2000Mi'},"
                        + "'limits':{'cpu':'1500m','ephemeral-storage':'2000Mi'}}"));
        // requests defaulted from the limits get the canonical form too
        assertThat(pod.at("/spec/containers/0/resources/requests/ephemeral-storage").asText()).isEqualTo("2000Mi");
        assertThat(pod.at("/spec/initContainers/0/resources").toString()).isEqualTo(q(
                "{'limits':{'cpu':'1','memory':'2Mi'},'requests':{'cpu':'1','memory':'2Mi'}}"));
        assertThat(pod.at("/spec/overhead/cpu").asText()).isEqualTo("250m");
        assertThat(pod.at("/spec/volumes/0/emptyDir/sizeLimit").asText()).isEqualTo("1Gi");
        JsonNode read = ok(rest.call("GET", PODS + "/p", null));
        assertThat(read.at("/spec/containers/0/resources/requests").toString())
                .isEqualTo(q("{'cpu':'500m','memory':'1Gi','ephemeral-storage':'2000Mi'}"));
    }

    @Test
    void otherKindsQuantityFieldsToo() {
        JsonNode quota = ok(rest.call("POST", "/api/v1/namespaces/default/resourcequotas", q("""
                {'metadata':{'name':'q'},'spec':{'hard':{'cpu':'2000m','memory':'2048Mi','pods':10,'requests.storage':'1e3'}}}""")));
        assertThat(quota.at("/spec/hard").toString()).isEqualTo(q(
                "{'cpu':'2','memory':'2Gi','pods':'10','requests.storage':'1e3'}"));
        JsonNode claim = ok(rest.call("POST", "/api/v1/namespaces/default/persistentvolumeclaims", q("""
                {'metadata':{'name':'c'},'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1024Mi'}}}}""")));
        assertThat(claim.at("/spec/resources/requests/storage").asText()).isEqualTo("1Gi");
        JsonNode deploy = ok(rest.call("POST", "/apis/apps/v1/namespaces/default/deployments", q("""
                {'metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'a':'b'}},'template':{'metadata':{'labels':{'a':'b'}},
                 'spec':{'containers':[{'name':'c','image':'nginx','resources':{'requests':{'cpu':'0.1'}}}]}}}}""")));
        assertThat(deploy.at("/spec/template/spec/containers/0/resources/requests/cpu").asText()).isEqualTo("100m");
        JsonNode limits = ok(rest.call("POST", "/api/v1/namespaces/default/limitranges", q("""
                {'metadata':{'name':'l'},'spec':{'limits':[{'type':'Container','max':{'cpu':'2000m'},'defaultRequest':{'memory':'0.5Gi'}}]}}""")));
        assertThat(limits.at("/spec/limits/0/max/cpu").asText()).isEqualTo("2");
        assertThat(limits.at("/spec/limits/0/defaultRequest/memory").asText()).isEqualTo("512Mi");
        JsonNode hpa = ok(rest.call("POST", "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers", q("""
                {'metadata':{'name':'h'},'spec':{'scaleTargetRef':{'kind':'Deployment','name':'d'},'maxReplicas':2,
                 'metrics':[{'type':'Pods','pods':{'metric':{'name':'rps'},'target':{'type':'AverageValue','averageValue':'0.5'}}}]}}""")));
        assertThat(hpa.at("/spec/metrics/0/pods/target/averageValue").asText()).isEqualTo("500m");
    }

    @Test
    void aMalformedQuantityInABodyIsABadRequest() {
        HttpResponse<String> r = rest.call("POST", PODS, q("""
                {'metadata':{'name':'bad'},'spec':{'containers':[{'name':'c','image':'busybox',
                 'resources':{'requests':{'cpu':'half'}}}]}}"""));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(RestHarness.json(r).path("message").asText())
                .isEqualTo("Pod in version \"v1\" cannot be handled as a Pod: " + FORMAT);
        HttpResponse<String> suffix = rest.call("POST", PODS, q("""
                {'metadata':{'name':'bad'},'spec':{'containers':[{'name':'c','image':'busybox',
                 'resources':{'requests':{'memory':'1K'}}}]}}"""));
        assertThat(RestHarness.json(suffix).path("message").asText())
                .isEqualTo("Pod in version \"v1\" cannot be handled as a Pod: unable to parse quantity's suffix");
        assertThat(rest.call("GET", PODS + "/bad", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aPatchThatMakesAMalformedQuantityIsInvalid() {
        ok(rest.call("POST", PODS, q("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'busybox'}]}}")));
        HttpResponse<String> r = rest.call("PATCH", PODS + "/p", q("{'spec':{'overhead':{'cpu':'lots'}}}"),
                "application/merge-patch+json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode status = RestHarness.json(r);
        assertThat(status.path("reason").asText()).isEqualTo("Invalid");
        assertThat(status.path("message").asText()).startsWith(" \"\" is invalid: patch: Invalid value: \"{")
                .endsWith("\": " + FORMAT);
        assertThat(status.at("/details/causes/0/field").asText()).isEqualTo("patch");
        com.fasterxml.jackson.databind.node.ObjectNode current =
                (com.fasterxml.jackson.databind.node.ObjectNode) ok(rest.call("GET", PODS + "/p", null));
        current.with("spec").with("overhead").put("memory", "1 Gi");
        HttpResponse<String> put = rest.call("PUT", PODS + "/p", current.toString());
        assertThat(put.statusCode()).isEqualTo(400);
    }
}
