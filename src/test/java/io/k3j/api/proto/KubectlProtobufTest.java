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
 * Real kubectl 1.33 sends protobuf; the capture server decodes it with {@link ProtobufBody} and answers JSON.
 * kubectl exiting 0 with its usual line proves the decoded object was what it sent. Set
 * {@code -Dk3j.proto.capture=src/test/resources/io/k3j/api/proto/kubectl} to refresh the saved bodies that
 * {@link KubectlFixturesTest} checks on machines without kubectl.
 */
@Tag("kubectl")
class KubectlProtobufTest {

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
    void createConfigMap() throws Exception {
        expect("configmap", "configmap/x created", "create", "configmap", "x", "--from-literal=a=b",
                "--from-literal=empty=");
    }

    @Test
    void createConfigMapWithBinaryData() throws Exception {
        Path bin = home.resolve("blob.bin");
        Files.write(bin, new byte[] {(byte) 0xff, 0, 1, (byte) 0x80});
        expect("configmap-binary", "configmap/bin created", "create", "configmap", "bin", "--from-file=blob=" + bin);
    }

    @Test
    void createDeployment() throws Exception {
        expect("deployment", "deployment.apps/web created", "create", "deployment", "web", "--image=nginx",
                "--replicas=2", "--port=80");
    }

    @Test
    void createDeploymentWithZeroReplicas() throws Exception {
        expect("deployment-zero", "deployment.apps/zero created", "create", "deployment", "zero", "--image=nginx",
                "--replicas=0");
    }

    @Test
    void createSecrets() throws Exception {
        expect("secret", "secret/s created", "create", "secret", "generic", "s", "--from-literal=k=v");
        expect("secret-docker", "secret/reg created", "create", "secret", "docker-registry", "reg",
                "--docker-server=registry.example", "--docker-username=u", "--docker-password=p");
    }

    @Test
    void createNamespaceAndServiceAccount() throws Exception {
        expect("namespace", "namespace/ns1 created", "create", "namespace", "ns1");
        expect("serviceaccount", "serviceaccount/sa created", "create", "serviceaccount", "sa");
    }

    @Test
    void createServices() throws Exception {
        expect("service-clusterip", "service/svc created", "create", "service", "clusterip", "svc", "--tcp=80:8080");
        expect("service-nodeport", "service/np created", "create", "service", "nodeport", "np", "--tcp=80:http",
                "--node-port=30080");
    }

    @Test
    void createJobAndCronJob() throws Exception {
        expect("job", "job.batch/j created", "create", "job", "j", "--image=busybox", "--", "echo", "hi");
        expect("cronjob", "cronjob.batch/cj created", "create", "cronjob", "cj", "--image=busybox",
                "--schedule=*/5 * * * *", "--", "date");
    }

    @Test
    void createRbac() throws Exception {
        expect("role", "role.rbac.authorization.k8s.io/r created", "create", "role", "r", "--verb=get,list",
                "--resource=pods,deployments.apps", "--resource-name=x");
        expect("rolebinding", "rolebinding.rbac.authorization.k8s.io/rb created", "create", "rolebinding", "rb",
                "--role=r", "--user=alice", "--serviceaccount=default:sa");
        expect("clusterrole", "clusterrole.rbac.authorization.k8s.io/cr created", "create", "clusterrole", "cr",
                "--verb=get", "--non-resource-url=/healthz");
        expect("clusterrolebinding", "clusterrolebinding.rbac.authorization.k8s.io/crb created", "create",
                "clusterrolebinding", "crb", "--clusterrole=cr", "--group=devs");
    }

    @Test
    void createQuotaPriorityClassPdbIngress() throws Exception {
        expect("quota", "resourcequota/q created", "create", "quota", "q", "--hard=cpu=1,memory=1Gi,pods=10");
        expect("priorityclass", "priorityclass.scheduling.k8s.io/pc created", "create", "priorityclass", "pc",
                "--value=1000", "--description=important");
        expect("pdb", "poddisruptionbudget.policy/pdb created", "create", "pdb", "pdb", "--selector=app=web",
                "--min-available=50%");
        expect("ingress", "ingress.networking.k8s.io/ing created", "create", "ingress", "ing",
                "--rule=foo.example/bar*=svc1:8080", "--class=nginx");
    }

    @Test
    void createJobFromRichCronJob() throws Exception {
        // kubectl reads the CronJob (JSON from us) and sends its pod template back as protobuf: volumes, probes,
        // env sources, security contexts, quantities and pointer zeros all cross the wire.
        expect("job-from-cronjob", "job.batch/manual created", "create", "job", "manual", "--from=cronjob/rich");
    }

    /**
     * Every scalar of JobSpec and the whole PodSpec tree at its zero value: Go keeps the pointers and the fields
     * without omitempty, and drops the rest. The decoded protobuf must agree with kubectl's JSON on each one.
     */
    @Test
    void zeroValuesInThePodTemplateMatchGo() throws Exception {
        ObjectNode cronJob = JSON.createObjectNode().put("apiVersion", "batch/v1").put("kind", "CronJob");
        cronJob.putObject("metadata").put("name", "zeros").put("namespace", "default").put("uid", "u-zeros");
        ObjectNode spec = cronJob.putObject("spec").put("schedule", "* * * * *");
        spec.putObject("jobTemplate").set("spec", ZeroObjects.of(ProtoSchemas.message("k8s.io.api.batch.v1.JobSpec")));
        server.served.put("/apis/batch/v1/namespaces/default/cronjobs/zeros", cronJob.toString());
        expect("job-zero-values", "job.batch/zeros created", "create", "job", "zeros", "--from=cronjob/zeros");
    }

    @Test
    void certificateApprove() throws Exception {
        expect("csr-approval", "certificatesigningrequest.certificates.k8s.io/csr1 approved", "certificate",
                "approve", "csr1");
        JsonNode body = ProtobufBody.decode(server.writes.get(server.writes.size() - 1).body()).object();
        assertThat(body.at("/spec/extra/scopes").toString()).isEqualTo("[\"a\",\"b\"]");
        JsonNode condition = body.at("/status/conditions/0");
        assertThat(condition.path("type").asText()).isEqualTo("Approved");
        assertThat(condition.path("status").asText()).isEqualTo("True");
        assertThat(condition.path("reason").asText()).isEqualTo("KubectlApprove");
        assertThat(condition.path("lastUpdateTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void kubectlDeleteSendsJsonDeleteOptions() throws Exception {
        // kubectl delete goes through the dynamic client: JSON, not protobuf (only typed clients send protobuf).
        int before = server.writes.size();
        LocalKubectl.Result r = LocalKubectl.run(kubectl, server.url(), home, "delete", "configmap", "x",
                "--wait=false");
        assertThat(server.writes.size()).as(r.output()).isGreaterThan(before);
        CaptureServer.Capture c = server.writes.get(server.writes.size() - 1);
        assertThat(c.method()).isEqualTo("DELETE");
        assertThat(c.contentType()).isEqualTo("application/json");
        assertThat(new String(c.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"propagationPolicy\":\"Background\"");
    }

    @Test
    void autoscaleAndMoreCreateVariants() throws Exception {
        server.served.put("/apis/apps/v1/namespaces/default/deployments/web", """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default",
                 "uid":"u-web","resourceVersion":"3"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}""");
        expect("hpa", "horizontalpodautoscaler.autoscaling/web autoscaled", "autoscale", "deployment", "web",
                "--min=2", "--max=5", "--cpu-percent=80");
        expect("service-externalname", "service/ext created", "create", "service", "externalname", "ext",
                "--external-name=db.example.com");
        expect("service-loadbalancer", "service/lb created", "create", "service", "loadbalancer", "lb",
                "--tcp=443:8443");
        expect("ingress-tls", "ingress.networking.k8s.io/secure created", "create", "ingress", "secure",
                "--default-backend=web:80", "--rule=a.example/*=web:http,tls=a-cert",
                "--annotation=nginx.ingress.kubernetes.io/rewrite-target=/");
        expect("quota-scopes", "resourcequota/best created", "create", "quota", "best", "--hard=pods=5",
                "--scopes=BestEffort");
        expect("priorityclass-never", "priorityclass.scheduling.k8s.io/low created", "create", "priorityclass",
                "low", "--value=0", "--global-default=false", "--preemption-policy=Never");
        expect("deployment-multi", "deployment.apps/multi created", "create", "deployment", "multi",
                "--image=nginx", "--image=redis", "--port=6379");
    }

    /** drain without eviction deletes pods with the typed client: DeleteOptions as protobuf. */
    @Test
    void drainDeletesPodsWithProtobufDeleteOptions() throws Exception {
        server.served.put("/api/v1/nodes/n1", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","uid":"u-n1","resourceVersion":"5"},
                 "spec":{"unschedulable":true}}""");
        server.served.put("/api/v1/pods", """
                {"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"6"},"items":[
                 {"metadata":{"name":"p","namespace":"default","uid":"u-p","ownerReferences":[{"apiVersion":"apps/v1",
                   "kind":"ReplicaSet","name":"rs","uid":"u-rs","controller":true}]},
                  "spec":{"nodeName":"n1","containers":[{"name":"c","image":"x"}]},"status":{"phase":"Running"}}]}""");
        int before = server.writes.size();
        LocalKubectl.Result r = LocalKubectl.run(kubectl, server.url(), home, "drain", "n1",
                "--disable-eviction", "--grace-period=7", "--timeout=20s");
        CaptureServer.Capture delete = server.writes.subList(before, server.writes.size()).stream()
                .filter(c -> c.method().equals("DELETE")).findFirst().orElseThrow(() -> new AssertionError(r.output()));
        assertThat(delete.path()).isEqualTo("/api/v1/namespaces/default/pods/p");
        assertThat(delete.contentType()).isEqualTo(ProtobufBody.MEDIA_TYPE);
        DecodedBody body = ProtobufBody.decode(delete.body(),
                new io.k3j.api.GroupVersionKind("", "v1", "DeleteOptions"));
        assertThat(body.object().toString()).isEqualTo(
                "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"gracePeriodSeconds\":7}");
        save("drain-deleteoptions", delete.body(), body.object());
    }

    @Test
    void createToken() throws Exception {
        expect("tokenrequest", "header.payload.signature", "create", "token", "sa", "--duration=1h",
                "--audience=api");
    }

    @Test
    void authCanIAndWhoami() throws Exception {
        expect("selfsubjectaccessreview", "yes", "auth", "can-i", "get", "pods", "-n", "kube-system");
        expect("selfsubjectaccessreview-nonresource", "yes", "auth", "can-i", "get", "/healthz");
        expect("selfsubjectrulesreview", "Resources", "auth", "can-i", "--list", "-n", "default");
        expect("selfsubjectreview", "admin", "auth", "whoami");
    }

    /**
     * Runs the command for real and checks kubectl's own output line; for {@code create} also runs it with
     * {@code --dry-run=client -o json}, which prints the same object through Go's JSON serializer: the decoded
     * protobuf must equal that JSON exactly.
     */
    private void expect(String name, String line, String... args) throws Exception {
        int before = server.writes.size();
        LocalKubectl.Result r = LocalKubectl.run(kubectl, server.url(), home, args);
        assertThat(server.writes.size()).as("kubectl wrote nothing: " + r.output()).isGreaterThan(before);
        CaptureServer.Capture c = server.writes.get(server.writes.size() - 1);
        assertThat(c.contentType()).isEqualTo(ProtobufBody.MEDIA_TYPE);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains(line);

        JsonNode decoded = ProtobufBody.decode(c.body(), CaptureServer.kindOf(c.path())).object();
        boolean dryRunPrints = args[0].equals("create") && !args[1].equals("token") || args[0].equals("autoscale");
        JsonNode expected = dryRunPrints ? goJson(args) : null;
        if (expected != null) {
            assertThat(JsonDiff.paths(expected, decoded)).as(name).isEmpty();
        }
        save(name, c.body(), expected != null ? expected : decoded);
    }

    private static void save(String name, byte[] body, JsonNode expected) throws Exception {
        String dir = System.getProperty("k3j.proto.capture");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".pb"), body);
            Files.writeString(Path.of(dir, name + ".json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n");
        }
    }

    private static JsonNode goJson(String... args) throws Exception {
        List<String> dryRun = new ArrayList<>(List.of(args));
        int dashes = dryRun.indexOf("--");
        dryRun.addAll(dashes < 0 ? dryRun.size() : dashes, List.of("--dry-run=client", "-o", "json"));
        LocalKubectl.Result r = LocalKubectl.run(kubectl, server.url(), home, dryRun.toArray(String[]::new));
        assertThat(r.exit()).as(r.output()).isZero();
        return JSON.readTree(r.output());
    }
}
