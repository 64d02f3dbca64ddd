package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionChain;
import io.k3j.auth.UserInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defaults on every write path (create, update, each patch type, server-side apply) and the create-time strategies
 * (a pod's phase and QoS class, a Job's selector, a namespace's finalizer, a volume's phase).
 */
class DefaultingWriteTest {

    static final String PODS = "/api/v1/namespaces/default/pods";
    static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

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

    @Test
    void aNewPodIsPendingWithItsQosClassAndDefaults() {
        JsonNode pod = ok(rest.call("POST", PODS, q("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""")));
        assertThat(pod.path("status").toString()).isEqualTo("{\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}");
        assertThat(pod.at("/spec/dnsPolicy").asText()).isEqualTo("ClusterFirst");
        assertThat(pod.at("/spec/containers/0/imagePullPolicy").asText()).isEqualTo("Always");
        // Limits alone become requests first, so the class is computed on the defaulted pod: Guaranteed.
        JsonNode g = ok(rest.call("POST", PODS, q("""
                {'metadata':{'name':'g'},'spec':{'containers':[{'name':'c','image':'busybox:1',
                 'resources':{'limits':{'cpu':'1','memory':'64Mi'}}}]}}""")));
        assertThat(g.at("/status/qosClass").asText()).isEqualTo("Guaranteed");
        assertThat(g.at("/spec/containers/0/resources/requests").toString()).isEqualTo("{\"cpu\":\"1\",\"memory\":\"64Mi\"}");
    }

    @Test
    void aStatusWriteKeepsTheQosClass() {
        ok(rest.call("POST", PODS, q("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'busybox'}]}}")));
        JsonNode after = ok(rest.call("PATCH", PODS + "/p/status",
                q("{'status':{'phase':'Running','qosClass':'Guaranteed'}}"), "application/merge-patch+json"));
        assertThat(after.at("/status/phase").asText()).isEqualTo("Running");
        assertThat(after.at("/status/qosClass").asText()).isEqualTo("BestEffort");
    }

    @Test
    void updatesAndEveryPatchTypeAreDefaultedAndWritingBackChangesNothing() {
        JsonNode created = ok(rest.call("POST", DEPLOYMENTS, q("""
                {'metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'a'}},
                 'template':{'metadata':{'labels':{'app':'a'}},'spec':{'containers':[{'name':'c','image':'nginx:1'}]}}}}""")));
        // Writing back what was read is a no-op for the spec.
        ObjectNode back = (ObjectNode) created.deepCopy();
        JsonNode put = ok(rest.call("PUT", DEPLOYMENTS + "/d", back.toString()));
        assertThat(put.get("spec")).isEqualTo(created.get("spec"));
        // A PUT that drops defaulted fields gets them back.
        ObjectNode stripped = (ObjectNode) put.deepCopy();
        ((ObjectNode) stripped.get("spec")).remove(List.of("strategy", "revisionHistoryLimit", "progressDeadlineSeconds"));
        ((ObjectNode) stripped.at("/spec/template/spec")).remove("dnsPolicy");
        JsonNode put2 = ok(rest.call("PUT", DEPLOYMENTS + "/d", stripped.toString()));
        assertThat(put2.get("spec")).isEqualTo(created.get("spec"));
        // A merge patch adding a container: the new one is defaulted.
        JsonNode merged = ok(rest.call("PATCH", DEPLOYMENTS + "/d", q("""
                {'spec':{'template':{'spec':{'containers':[{'name':'c','image':'nginx:1'},{'name':'s','image':'busybox',
                 'ports':[{'containerPort':80}]}]}}}}"""), "application/merge-patch+json"));
        assertThat(merged.at("/spec/template/spec/containers/1/imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(merged.at("/spec/template/spec/containers/1/ports/0/protocol").asText()).isEqualTo("TCP");
        // A JSON patch removing a defaulted field: it comes straight back.
        JsonNode jp = ok(rest.call("PATCH", DEPLOYMENTS + "/d", "[{\"op\":\"remove\",\"path\":\"/spec/replicas\"}]",
                "application/json-patch+json"));
        assertThat(jp.at("/spec/replicas").asInt()).isEqualTo(1);
        // A strategic merge patch.
        JsonNode smp = ok(rest.call("PATCH", DEPLOYMENTS + "/d", q("{'spec':{'template':{'spec':{'restartPolicy':null}}}}"),
                "application/strategic-merge-patch+json"));
        assertThat(smp.at("/spec/template/spec/restartPolicy").asText()).isEqualTo("Always");
    }

    @Test
    void serverSideApplyTwiceGivesTheSameObject() {
        String config = q("""
                {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'a'},'spec':{'selector':{'matchLabels':{'app':'a'}},
                 'template':{'metadata':{'labels':{'app':'a'}},'spec':{'containers':[{'name':'c','image':'nginx:1'}]}}}}""");
        JsonNode first = ok(rest.call("PATCH", DEPLOYMENTS + "/a?fieldManager=t", config, "application/apply-patch+yaml"));
        assertThat(first.at("/spec/template/spec/schedulerName").asText()).isEqualTo("default-scheduler");
        assertThat(first.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
        JsonNode second = ok(rest.call("PATCH", DEPLOYMENTS + "/a?fieldManager=t", config, "application/apply-patch+yaml"));
        assertThat(second.get("spec")).isEqualTo(first.get("spec"));
        // Defaulted fields belong to no manager: the applier owns only what it applied.
        String owned = second.at("/metadata/managedFields/0/fieldsV1").toString();
        assertThat(owned).contains("f:image").doesNotContain("f:revisionHistoryLimit").doesNotContain("f:dnsPolicy");
    }

    @Test
    void aJobGetsItsGeneratedSelectorAndLabelsOnce() {
        JsonNode job = ok(rest.call("POST", "/apis/batch/v1/namespaces/default/jobs", q("""
                {'metadata':{'name':'j'},'spec':{'template':{'spec':{'restartPolicy':'Never',
                 'containers':[{'name':'c','image':'busybox'}]}}}}""")));
        String uid = job.at("/metadata/uid").asText();
        assertThat(job.at("/spec/selector/matchLabels").toString())
                .isEqualTo("{\"batch.kubernetes.io/controller-uid\":\"" + uid + "\"}");
        assertThat(job.at("/spec/template/metadata/labels").path("job-name").asText()).isEqualTo("j");
        assertThat(job.at("/metadata/labels").path("batch.kubernetes.io/controller-uid").asText()).isEqualTo(uid);
        assertThat(job.at("/spec/backoffLimit").asInt()).isEqualTo(6);
        JsonNode put = ok(rest.call("PUT", "/apis/batch/v1/namespaces/default/jobs/j", job.toString()));
        assertThat(put.get("spec")).isEqualTo(job.get("spec"));
        assertThat(put.at("/metadata/labels")).isEqualTo(job.at("/metadata/labels"));
    }

    @Test
    void namespaceFinalizerIsAddedAtCreateOnly() {
        JsonNode ns = ok(rest.call("POST", "/api/v1/namespaces", q("{'metadata':{'name':'n'},'spec':{'finalizers':['x']}}")));
        assertThat(ns.at("/spec/finalizers").toString()).isEqualTo("[\"x\",\"kubernetes\"]");
        assertThat(ns.at("/status/phase").asText()).isEqualTo("Active");
        assertThat(ns.at("/metadata/labels/kubernetes.io~1metadata.name").asText()).isEqualTo("n");
        ok(rest.call("PUT", "/api/v1/namespaces/n/finalize", q("{'metadata':{'name':'n'},'spec':{'finalizers':[]}}")));
        JsonNode updated = ok(rest.call("PATCH", "/api/v1/namespaces/n", q("{'metadata':{'labels':{'a':'b'}}}"),
                "application/merge-patch+json"));
        assertThat(updated.at("/spec/finalizers").isMissingNode() || updated.at("/spec/finalizers").isEmpty()).isTrue();
    }

    @Test
    void volumesStartPending() {
        JsonNode pv = ok(rest.call("POST", "/api/v1/persistentvolumes", q("""
                {'metadata':{'name':'pv'},'spec':{'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOnce'],
                 'hostPath':{'path':'/tmp/pv'}}}""")));
        assertThat(pv.at("/status/phase").asText()).isEqualTo("Pending");
        assertThat(pv.at("/status/lastPhaseTransitionTime").asText()).isNotEmpty();
        assertThat(pv.at("/spec/persistentVolumeReclaimPolicy").asText()).isEqualTo("Retain");
        JsonNode pvc = ok(rest.call("POST", "/api/v1/namespaces/default/persistentvolumeclaims", q("""
                {'metadata':{'name':'c'},'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}}}""")));
        assertThat(pvc.at("/status/phase").asText()).isEqualTo("Pending");
        assertThat(pvc.at("/spec/volumeMode").asText()).isEqualTo("Filesystem");
    }
}
