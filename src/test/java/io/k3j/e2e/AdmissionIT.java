package io.k3j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core built-in admission plugins end to end with real kubectl 1.33: what each one accepts, refuses (with
 * upstream's words, as kubectl prints them) and fills in. Each test works in its own namespace or with its own
 * cluster-scoped objects and removes them.
 */
@Tag("e2e")
class AdmissionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger FILES = new AtomicInteger();
    private static ClassServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-admission");
        kubectl = server.kubectl;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** {@code kubectl create -f} of the manifest; the result's stdout is the created object as JSON. */
    private static Kubectl.Result create(String yaml, String... extra) throws Exception {
        Path f = Files.writeString(server.dir.resolve("m" + FILES.incrementAndGet() + ".yaml"), yaml);
        String[] args = new String[extra.length + 5];
        args[0] = "create";
        args[1] = "-f";
        args[2] = f.toString();
        args[3] = "-o";
        args[4] = "json";
        System.arraycopy(extra, 0, args, 5, extra.length);
        return kubectl.run(args);
    }

    private static JsonNode created(String yaml) throws Exception {
        return JSON.readTree(create(yaml).assertOk().out());
    }

    /** Creates the manifest with --dry-run=server until the admitted object passes {@code ok} (caches catch up). */
    private static JsonNode admittedEventually(String what, String yaml, Predicate<JsonNode> ok) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode obj;
        do {
            obj = JSON.readTree(create(yaml, "--dry-run=server").assertOk().out());
            if (ok.test(obj)) {
                return obj;
            }
            Thread.sleep(50); // a poll interval between kubectl runs, not a wait for something to happen
        } while (System.nanoTime() < deadline);
        throw new AssertionError("timed out waiting for " + what + "; last: " + obj);
    }

    private static void namespace(String name) {
        kubectl.run("create", "namespace", name).assertOk();
    }

    private static void deleteNamespace(String name) {
        kubectl.run("delete", "namespace", name, "--wait=false", "--ignore-not-found").assertOk();
    }

    private static String pod(String ns, String name, String spec) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: %s}
                spec: %s
                """.formatted(name, ns, spec);
    }

    @Test
    void namespaceLifecycle() throws Exception {
        Kubectl.Result missing = kubectl.run("create", "configmap", "c", "-n", "nowhere");
        assertThat(missing.code()).isNotZero();
        // kubectl's generator commands print "failed to create" before the server's message
        assertThat(missing.err()).contains("error: failed to create configmap: namespaces \"nowhere\" not found");
        Kubectl.Result missingPod = create(pod("nowhere", "p", "{containers: [{name: app, image: busybox}]}"));
        assertThat(missingPod.err()).contains("Error from server (NotFound): error when creating")
                .contains("namespaces \"nowhere\" not found");

        for (String ns : new String[]{"default", "kube-system", "kube-public"}) {
            Kubectl.Result r = kubectl.run("delete", "namespace", ns);
            assertThat(r.code()).isNotZero();
            assertThat(r.err()).contains("Error from server (Forbidden): namespaces \"" + ns
                    + "\" is forbidden: this namespace may not be deleted");
        }

        // A finalizer on a ConfigMap holds the namespace in Terminating.
        namespace("doomed");
        created("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: held, namespace: doomed, finalizers: [example.com/hold]}
                """);
        kubectl.run("delete", "namespace", "doomed", "--wait=false").assertOk();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Kubectl.Result r;
        do {
            r = create("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: late, namespace: doomed}
                    """);
        } while (r.code() == 0 && System.nanoTime() < deadline);
        assertThat(r.err()).contains("Error from server (Forbidden): error when creating")
                .contains("configmaps \"late\" is forbidden: unable to create new content in namespace doomed because "
                        + "it is being terminated");
        kubectl.run("patch", "configmap", "held", "-n", "doomed", "--type=merge",
                "-p", "{\"metadata\":{\"finalizers\":null}}").assertOk();
        kubectl.run("delete", "configmap", "late", "-n", "doomed", "--ignore-not-found", "--wait=false");
    }

    @Test
    void limitRanger() throws Exception {
        namespace("adm-lr");
        try {
            created("""
                    apiVersion: v1
                    kind: LimitRange
                    metadata: {name: limits, namespace: adm-lr}
                    spec:
                      limits:
                      - type: Container
                        default: {cpu: 200m, memory: 128Mi}
                        max: {cpu: 500m}
                      - type: PersistentVolumeClaim
                        max: {storage: 1Gi}
                    """);
            String small = pod("adm-lr", "small", "{containers: [{name: app, image: busybox}]}");
            JsonNode dry = admittedEventually("the LimitRange in the cache", small,
                    p -> p.path("metadata").path("annotations").has("kubernetes.io/limit-ranger"));
            assertThat(dry.path("metadata").path("annotations").path("kubernetes.io/limit-ranger").asText())
                    .isEqualTo("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app");
            JsonNode p = created(small);
            JsonNode res = p.path("spec").path("containers").get(0).path("resources");
            assertThat(res.path("limits").path("cpu").asText()).isEqualTo("200m");
            assertThat(res.path("requests").path("memory").asText()).isEqualTo("128Mi");

            Kubectl.Result big = create(pod("adm-lr", "big",
                    "{containers: [{name: app, image: busybox, resources: {limits: {cpu: 1000m}}}]}"));
            assertThat(big.code()).isNotZero();
            assertThat(big.err()).contains("pods \"big\" is forbidden: maximum cpu usage per Container is 500m, but limit is 1");

            Kubectl.Result claim = create("""
                    apiVersion: v1
                    kind: PersistentVolumeClaim
                    metadata: {name: huge, namespace: adm-lr}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}}
                    """);
            assertThat(claim.err()).contains("persistentvolumeclaims \"huge\" is forbidden: maximum storage usage per "
                    + "PersistentVolumeClaim is 1Gi, but request is 5Gi");
        } finally {
            deleteNamespace("adm-lr");
        }
    }

    @Test
    void serviceAccountAndDefaultTolerationSeconds() throws Exception {
        namespace("adm-sa");
        try {
            // Created at once: the plugin waits for the controller's "default" ServiceAccount.
            JsonNode p = created(pod("adm-sa", "web", "{containers: [{name: app, image: busybox}]}"));
            JsonNode spec = p.path("spec");
            assertThat(spec.path("serviceAccountName").asText()).isEqualTo("default");
            JsonNode volume = spec.path("volumes").get(0);
            assertThat(volume.path("name").asText()).matches("kube-api-access-[a-z0-9]{5}");
            assertThat(volume.path("projected").path("sources").get(0).path("serviceAccountToken")
                    .path("expirationSeconds").asInt()).isEqualTo(3607);
            assertThat(volume.path("projected").path("sources").get(1).path("configMap").path("name").asText())
                    .isEqualTo("kube-root-ca.crt");
            JsonNode mount = spec.path("containers").get(0).path("volumeMounts").get(0);
            assertThat(mount.path("mountPath").asText()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
            assertThat(mount.path("readOnly").asBoolean()).isTrue();
            assertThat(mount.path("name").asText()).isEqualTo(volume.path("name").asText());

            // DefaultTolerationSeconds on the same pod.
            assertThat(spec.path("tolerations").toString())
                    .contains("{\"effect\":\"NoExecute\",\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"tolerationSeconds\":300}")
                    .contains("{\"effect\":\"NoExecute\",\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"tolerationSeconds\":300}");

            JsonNode quiet = created(pod("adm-sa", "quiet",
                    "{automountServiceAccountToken: false, containers: [{name: app, image: busybox}]}"));
            assertThat(quiet.path("spec").has("volumes")).isFalse();

            Kubectl.Result missing = create(pod("adm-sa", "robot",
                    "{serviceAccountName: robot, containers: [{name: app, image: busybox}]}"));
            assertThat(missing.code()).isNotZero();
            assertThat(missing.err()).contains("Error from server (Forbidden): error when creating")
                    .contains("pods \"robot\" is forbidden: error looking up service account adm-sa/robot: "
                            + "serviceaccount \"robot\" not found");
        } finally {
            deleteNamespace("adm-sa");
        }
    }

    @Test
    void priority() throws Exception {
        namespace("adm-pr");
        try {
            JsonNode critical = created(pod("adm-pr", "critical",
                    "{priorityClassName: system-node-critical, containers: [{name: app, image: busybox}]}"));
            assertThat(critical.path("spec").path("priority").asLong()).isEqualTo(2000001000L);
            assertThat(critical.path("spec").path("preemptionPolicy").asText()).isEqualTo("PreemptLowerPriority");

            Kubectl.Result unknown = create(pod("adm-pr", "gold",
                    "{priorityClassName: gold, containers: [{name: app, image: busybox}]}"));
            assertThat(unknown.err()).contains("pods \"gold\" is forbidden: no PriorityClass with name gold was found");

            Kubectl.Result stated = create(pod("adm-pr", "stated",
                    "{priorityClassName: system-node-critical, priority: 5, containers: [{name: app, image: busybox}]}"));
            assertThat(stated.err()).contains("pods \"stated\" is forbidden: the integer value of priority (5) must not "
                    + "be provided in pod spec; priority admission controller computed 2000001000 from the given "
                    + "PriorityClass name");

            kubectl.run("create", "priorityclass", "adm-default", "--value=1000", "--global-default",
                    "--preemption-policy=Never").assertOk();
            JsonNode plain = admittedEventually("the default PriorityClass in the cache",
                    pod("adm-pr", "plain", "{containers: [{name: app, image: busybox}]}"),
                    o -> o.path("spec").path("priority").asLong() == 1000);
            assertThat(plain.path("spec").path("priorityClassName").asText()).isEqualTo("adm-default");
            assertThat(plain.path("spec").path("preemptionPolicy").asText()).isEqualTo("Never");

            Kubectl.Result second = kubectl.run("create", "priorityclass", "adm-second", "--value=5", "--global-default");
            assertThat(second.err()).contains("error: failed to create priorityclass: priorityclasses.scheduling.k8s.io "
                    + "\"adm-second\" is forbidden: PriorityClass adm-default is already marked as default. Only one "
                    + "default can exist");
        } finally {
            kubectl.run("delete", "priorityclass", "adm-default", "adm-second", "--ignore-not-found");
            deleteNamespace("adm-pr");
        }
    }

    @Test
    void defaultStorageClass() throws Exception {
        namespace("adm-sc");
        try {
            created("""
                    apiVersion: storage.k8s.io/v1
                    kind: StorageClass
                    metadata:
                      name: adm-standard
                      annotations: {storageclass.kubernetes.io/is-default-class: "true"}
                    provisioner: example.com/none
                    """);
            String claim = """
                    apiVersion: v1
                    kind: PersistentVolumeClaim
                    metadata: {name: data, namespace: adm-sc}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                    """;
            admittedEventually("the default StorageClass in the cache", claim,
                    o -> o.path("spec").path("storageClassName").asText("").equals("adm-standard"));
            assertThat(created(claim).path("spec").path("storageClassName").asText()).isEqualTo("adm-standard");
            JsonNode none = created("""
                    apiVersion: v1
                    kind: PersistentVolumeClaim
                    metadata: {name: static, namespace: adm-sc}
                    spec: {storageClassName: "", accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                    """);
            assertThat(none.path("spec").path("storageClassName").asText()).isEmpty();
        } finally {
            kubectl.run("delete", "storageclass", "adm-standard", "--ignore-not-found");
            deleteNamespace("adm-sc");
        }
    }

    @Test
    void defaultIngressClass() throws Exception {
        namespace("adm-ing");
        try {
            created("""
                    apiVersion: networking.k8s.io/v1
                    kind: IngressClass
                    metadata:
                      name: adm-nginx
                      annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
                    spec: {controller: example.com/ingress}
                    """);
            String ingress = """
                    apiVersion: networking.k8s.io/v1
                    kind: Ingress
                    metadata: {name: web, namespace: adm-ing}
                    spec:
                      defaultBackend: {service: {name: web, port: {number: 80}}}
                    """;
            admittedEventually("the default IngressClass in the cache", ingress,
                    o -> o.path("spec").path("ingressClassName").asText("").equals("adm-nginx"));
            assertThat(created(ingress).path("spec").path("ingressClassName").asText()).isEqualTo("adm-nginx");
        } finally {
            kubectl.run("delete", "ingressclass", "adm-nginx", "--ignore-not-found");
            deleteNamespace("adm-ing");
        }
    }

    @Test
    void taintNodesByCondition() throws Exception {
        try {
            JsonNode node = created("""
                    apiVersion: v1
                    kind: Node
                    metadata: {name: adm-node}
                    """);
            assertThat(node.path("spec").path("taints").toString())
                    .contains("{\"effect\":\"NoSchedule\",\"key\":\"node.kubernetes.io/not-ready\"}");
        } finally {
            kubectl.run("delete", "node", "adm-node", "--ignore-not-found");
        }
    }
}
