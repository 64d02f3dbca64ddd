package io.k3j.api.proto;

import io.k3j.testing.LocalKubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go as the oracle for whole kinds, status included: kubectl's create answers with a protobuf object that has
 * every field present at its zero value ({@link ZeroMessages}); kubectl decodes it with Go's generated code and
 * prints it with {@code -o json}. Our decoding of the same bytes must be that JSON, field for field.
 */
@Tag("kubectl")
class GoZeroValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CaptureServer server;
    private static Path kubectl;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        kubectl = LocalKubectl.find();
        Assumptions.assumeTrue(kubectl != null, "kubectl 1.33 not installed");
        server = new CaptureServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyKindKubectlCreatesDecodesLikeGo() throws Exception {
        List<String> diffs = new ArrayList<>();
        check("/apis/apps/v1/namespaces/default/deployments", "apps/v1", "Deployment", diffs,
                "create", "deployment", "d", "--image=x");
        check("/api/v1/namespaces/default/configmaps", "v1", "ConfigMap", diffs, "create", "configmap", "c");
        check("/api/v1/namespaces/default/secrets", "v1", "Secret", diffs, "create", "secret", "generic", "s");
        check("/api/v1/namespaces", "v1", "Namespace", diffs, "create", "namespace", "n");
        check("/api/v1/namespaces/default/services", "v1", "Service", diffs,
                "create", "service", "clusterip", "s", "--tcp=80:80");
        check("/api/v1/namespaces/default/serviceaccounts", "v1", "ServiceAccount", diffs,
                "create", "serviceaccount", "sa");
        check("/api/v1/namespaces/default/resourcequotas", "v1", "ResourceQuota", diffs,
                "create", "quota", "q", "--hard=pods=1");
        check("/apis/batch/v1/namespaces/default/jobs", "batch/v1", "Job", diffs,
                "create", "job", "j", "--image=x");
        check("/apis/batch/v1/namespaces/default/cronjobs", "batch/v1", "CronJob", diffs,
                "create", "cronjob", "c", "--image=x", "--schedule=* * * * *");
        check("/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", "rbac.authorization.k8s.io/v1", "Role",
                diffs, "create", "role", "r", "--verb=get", "--resource=pods");
        check("/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", "rbac.authorization.k8s.io/v1",
                "RoleBinding", diffs, "create", "rolebinding", "rb", "--role=r", "--user=u");
        check("/apis/rbac.authorization.k8s.io/v1/clusterroles", "rbac.authorization.k8s.io/v1", "ClusterRole",
                diffs, "create", "clusterrole", "cr", "--verb=get", "--resource=pods");
        check("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "rbac.authorization.k8s.io/v1",
                "ClusterRoleBinding", diffs, "create", "clusterrolebinding", "crb", "--clusterrole=cr", "--user=u");
        check("/apis/scheduling.k8s.io/v1/priorityclasses", "scheduling.k8s.io/v1", "PriorityClass", diffs,
                "create", "priorityclass", "p", "--value=1");
        check("/apis/policy/v1/namespaces/default/poddisruptionbudgets", "policy/v1", "PodDisruptionBudget", diffs,
                "create", "pdb", "p", "--selector=a=b", "--min-available=1");
        check("/apis/networking.k8s.io/v1/namespaces/default/ingresses", "networking.k8s.io/v1", "Ingress", diffs,
                "create", "ingress", "i", "--rule=a.example/=s:80");
        server.served.put("/apis/apps/v1/namespaces/default/deployments/web", """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
                 "spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"spec":{"containers":[]}}}}""");
        check("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers", "autoscaling/v2",
                "HorizontalPodAutoscaler", diffs, "autoscale", "deployment", "web", "--max=2");
        check("/api/v1/namespaces/default/serviceaccounts/sa/token", "authentication.k8s.io/v1", "TokenRequest",
                diffs, "create", "token", "sa");
        check("/apis/authentication.k8s.io/v1/selfsubjectreviews", "authentication.k8s.io/v1", "SelfSubjectReview",
                diffs, "auth", "whoami");
        assertThat(diffs).isEmpty();
    }

    /**
     * kubectl cluster-info dump lists nodes and, per namespace, events, replication controllers, services,
     * daemon sets, deployments, replica sets and pods with typed clients, and writes each list as Go JSON.
     */
    @Test
    void clusterInfoDumpListsDecodeLikeGo() throws Exception {
        Path out = home.resolve("dump");
        java.util.Map<String, String> lists = new java.util.LinkedHashMap<>();
        lists.put("/api/v1/nodes", "v1/NodeList:nodes.json");
        lists.put("/api/v1/namespaces/default/events", "v1/EventList:default/events.json");
        lists.put("/api/v1/namespaces/default/replicationcontrollers",
                "v1/ReplicationControllerList:default/replication-controllers.json");
        lists.put("/api/v1/namespaces/default/services", "v1/ServiceList:default/services.json");
        lists.put("/apis/apps/v1/namespaces/default/daemonsets", "apps/v1/DaemonSetList:default/daemonsets.json");
        lists.put("/apis/apps/v1/namespaces/default/deployments", "apps/v1/DeploymentList:default/deployments.json");
        lists.put("/apis/apps/v1/namespaces/default/replicasets", "apps/v1/ReplicaSetList:default/replicasets.json");
        lists.put("/api/v1/namespaces/default/pods", "v1/PodList:default/pods.json");
        java.util.Map<String, byte[]> bodies = new java.util.HashMap<>();
        lists.forEach((path, spec) -> {
            String gvk = spec.substring(0, spec.indexOf(':'));
            String apiVersion = gvk.substring(0, gvk.lastIndexOf('/')), kind = gvk.substring(gvk.lastIndexOf('/') + 1);
            byte[] body = Envelopes.wrap(apiVersion, kind, ZeroMessages.of(message(apiVersion, kind)));
            bodies.put(path, body);
            server.protobufGets.put(path, body);
        });
        LocalKubectl.Result r = LocalKubectl.run(kubectl, server.url(), home, "cluster-info", "dump",
                "--namespaces=default", "--output-directory=" + out);
        List<String> diffs = new ArrayList<>();
        for (var e : lists.entrySet()) {
            Path file = out.resolve(e.getValue().substring(e.getValue().indexOf(':') + 1));
            assertThat(file).as(r.output()).exists();
            JsonNode goJson = JSON.readTree(file.toFile());
            ObjectNode decoded = ProtobufBody.decode(bodies.get(e.getKey())).object();
            JsonDiff.paths(goJson, decoded).forEach(d -> diffs.add(e.getValue() + " " + d));
        }
        assertThat(diffs).isEmpty();
    }

    private static com.google.protobuf.Descriptors.Descriptor message(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String pkg = slash < 0 ? ProtoSchemas.packageOf("", apiVersion)
                : ProtoSchemas.packageOf(apiVersion.substring(0, slash), apiVersion.substring(slash + 1));
        return ProtoSchemas.message(pkg + "." + kind);
    }

    private static void check(String path, String apiVersion, String kind, List<String> diffs, String... args)
            throws Exception {
        String full = apiVersion.contains("/") ? ProtoSchemas.packageOf(apiVersion.substring(0, apiVersion.indexOf('/')),
                apiVersion.substring(apiVersion.indexOf('/') + 1)) : ProtoSchemas.packageOf("", apiVersion);
        com.google.protobuf.DynamicMessage zero = ZeroMessages.of(ProtoSchemas.message(full + "." + kind));
        if (kind.equals("TokenRequest")) { // kubectl refuses an answer without a token
            var status = zero.getDescriptorForType().findFieldByName("status");
            var s = (com.google.protobuf.DynamicMessage) zero.getField(status);
            zero = zero.toBuilder().setField(status, s.toBuilder()
                    .setField(s.getDescriptorForType().findFieldByName("token"), "t").build()).build();
        }
        byte[] reply = Envelopes.wrap(apiVersion, kind, zero);
        server.protobufReplies.put(path, reply);
        List<String> cmd = new ArrayList<>(List.of(args));
        cmd.addAll(List.of("-o", "json"));
        LocalKubectl.Result r = LocalKubectl.run(kubectl, server.url(), home, cmd.toArray(String[]::new));
        assertThat(r.exit()).as(kind + ": " + r.output()).isZero();
        JsonNode goJson = JSON.readTree(r.output());
        ObjectNode decoded = ProtobufBody.decode(reply).object();
        JsonDiff.paths(goJson, decoded).forEach(d -> diffs.add(kind + " " + d));
        String dir = System.getProperty("k3j.proto.capture");
        if (dir != null) {
            String name = "zero-" + kind.toLowerCase();
            Files.write(Path.of(dir, name + ".pb"), reply);
            Files.writeString(Path.of(dir, name + ".json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(goJson) + "\n");
        }
    }
}
