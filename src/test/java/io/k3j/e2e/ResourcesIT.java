package io.k3j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Everyday kubectl 1.33 work on stored resources: create/apply, get, patch, replace, scale, delete, watch. */
@Tag("e2e")
class ResourcesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ClassServer server;
    private static Path dir;
    private static K3jProcess k3j;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-resources");
        dir = server.dir;
        k3j = server.k3j;
        kubectl = server.kubectl;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static JsonNode json(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-o";
        all[args.length + 1] = "json";
        return JSON.readTree(kubectl.run(all).assertOk().out());
    }

    @Test
    void firstBootObjectsExist() {
        String out = kubectl.run("get", "namespaces", "-o", "name").assertOk().out();
        assertThat(out).contains("namespace/default", "namespace/kube-system", "namespace/kube-public", "namespace/kube-node-lease");
        assertThat(kubectl.run("get", "service", "kubernetes", "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].port}")
                .assertOk().out()).isEqualTo("10.43.0.1 443");
        assertThat(kubectl.run("get", "endpoints", "kubernetes", "-o", "jsonpath={.subsets[0].ports[0].port}").assertOk().out())
                .isEqualTo(String.valueOf(k3j.port()));
        assertThat(kubectl.run("get", "priorityclasses", "-o", "name").assertOk().out())
                .contains("priorityclass.scheduling.k8s.io/system-node-critical", "priorityclass.scheduling.k8s.io/system-cluster-critical");
        // Server-side printing: the columns kube-apiserver sends for namespaces.
        assertThat(kubectl.run("get", "namespaces").assertOk().out()).containsPattern("(?m)^NAME\\s+STATUS\\s+AGE$")
                .containsPattern("(?m)^kube-system\\s+Active\\s+\\d+[smh]");
    }

    @Test
    void kubectlRunAndCreateDeploymentComeBackWithUpstreamsDefaults() throws Exception {
        String ns = "defaults-e2e";
        kubectl.run("create", "namespace", ns).assertOk();
        try {
            kubectl.run("run", "web", "-n", ns, "--image=busybox", "--restart=Never", "--", "sleep", "3600").assertOk();
            JsonNode pod = json("get", "pod", "web", "-n", ns);
            JsonNode spec = pod.get("spec");
            assertThat(spec.path("dnsPolicy").asText()).isEqualTo("ClusterFirst");
            assertThat(spec.path("restartPolicy").asText()).isEqualTo("Never");
            assertThat(spec.path("schedulerName").asText()).isEqualTo("default-scheduler");
            assertThat(spec.path("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
            assertThat(spec.path("enableServiceLinks").asBoolean()).isTrue();
            assertThat(spec.path("securityContext").isObject()).isTrue();
            JsonNode c = spec.at("/containers/0");
            assertThat(c.path("imagePullPolicy").asText()).isEqualTo("Always");
            assertThat(c.path("terminationMessagePath").asText()).isEqualTo("/dev/termination-log");
            assertThat(c.path("terminationMessagePolicy").asText()).isEqualTo("File");
            assertThat(c.path("resources").isObject()).isTrue();
            assertThat(pod.at("/status/phase").asText()).isEqualTo("Pending");
            assertThat(pod.at("/status/qosClass").asText()).isEqualTo("BestEffort");
            // No node in this cluster: the pod stays unscheduled, and the STATUS column says so.
            assertThat(kubectl.run("get", "pods", "-n", ns).assertOk().out())
                    .containsPattern("(?m)^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE$")
                    .containsPattern("(?m)^web\\s+0/1\\s+Pending\\s+0\\s+\\d+[smh]");

            kubectl.run("create", "deployment", "shop", "-n", ns, "--image=nginx:1.25").assertOk();
            JsonNode d = json("get", "deployment", "shop", "-n", ns).get("spec");
            assertThat(d.path("replicas").asInt()).isEqualTo(1);
            assertThat(d.path("revisionHistoryLimit").asInt()).isEqualTo(10);
            assertThat(d.path("progressDeadlineSeconds").asInt()).isEqualTo(600);
            assertThat(d.at("/strategy/type").asText()).isEqualTo("RollingUpdate");
            assertThat(d.at("/strategy/rollingUpdate/maxSurge").asText()).isEqualTo("25%");
            assertThat(d.at("/template/spec/dnsPolicy").asText()).isEqualTo("ClusterFirst");
            assertThat(d.at("/template/spec/restartPolicy").asText()).isEqualTo("Always");
            assertThat(d.at("/template/spec/containers/0/imagePullPolicy").asText()).isEqualTo("IfNotPresent");
            assertThat(d.at("/template/spec/containers/0/terminationMessagePolicy").asText()).isEqualTo("File");
            assertThat(d.at("/template/spec").has("enableServiceLinks")).as("a pod-only default").isFalse();

            // Client-side apply twice and a diff afterwards change nothing: defaults are no drift.
            Path manifest = file("defaults-app.yaml", """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: applied
                      namespace: %s
                    spec:
                      selector:
                        matchLabels: {app: applied}
                      template:
                        metadata:
                          labels: {app: applied}
                        spec:
                          containers:
                          - name: c
                            image: nginx:1.25
                            ports:
                            - containerPort: 80
                    ---
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: applied
                      namespace: %s
                    spec:
                      selector: {app: applied}
                      ports:
                      - port: 80
                    """.formatted(ns, ns));
            kubectl.run("apply", "-f", manifest.toString()).assertOk();
            assertThat(kubectl.run("apply", "-f", manifest.toString()).assertOk().out())
                    .contains("deployment.apps/applied unchanged", "service/applied unchanged");
            Kubectl.Result diff = kubectl.run("diff", "-f", manifest.toString());
            assertThat(diff.code()).as(diff.out() + diff.err()).isZero();
            kubectl.run("apply", "--server-side", "-f", manifest.toString()).assertOk();
            Kubectl.Result ssaDiff = kubectl.run("diff", "--server-side", "-f", manifest.toString());
            assertThat(ssaDiff.code()).as(ssaDiff.out() + ssaDiff.err()).isZero();
            JsonNode svc = json("get", "service", "applied", "-n", ns).get("spec");
            assertThat(svc.at("/ports/0/targetPort").asInt()).isEqualTo(80);
            assertThat(svc.at("/ports/0/protocol").asText()).isEqualTo("TCP");
            assertThat(svc.path("sessionAffinity").asText()).isEqualTo("None");
            assertThat(svc.path("type").asText()).isEqualTo("ClusterIP");
        } finally {
            kubectl.run("delete", "namespace", ns, "--wait=false");
        }
    }

    @Test
    void applyGetPatchReplaceDelete() throws Exception {
        Path manifest = file("app.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: shop
                  labels: {app: shop}
                data:
                  color: blue
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: shop
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.27
                        env: [{name: A, value: "1"}]
                """);
        assertThat(kubectl.run("apply", "-f", manifest.toString()).assertOk().out())
                .contains("namespace/shop created", "configmap/settings created", "deployment.apps/web created");

        JsonNode cm = json("-n", "shop", "get", "configmap", "settings");
        assertThat(cm.at("/metadata/uid").asText()).isNotEmpty();
        assertThat(cm.at("/metadata/creationTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        long rv1 = cm.at("/metadata/resourceVersion").asLong();
        assertThat(rv1).isPositive();

        // Re-apply with a change: client-side apply sends a strategic merge patch.
        Files.writeString(manifest, Files.readString(manifest).replace("color: blue", "color: green").replace("nginx:1.27", "nginx:1.28"));
        assertThat(kubectl.run("apply", "-f", manifest.toString()).assertOk().out())
                .contains("namespace/shop unchanged", "configmap/settings configured", "deployment.apps/web configured");
        assertThat(kubectl.run("-n", "shop", "get", "cm", "settings", "-o", "jsonpath={.data.color}").assertOk().out()).isEqualTo("green");
        JsonNode web = json("-n", "shop", "get", "deploy", "web");
        assertThat(web.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.28");
        assertThat(web.at("/spec/template/spec/containers/0/env/0/name").asText()).isEqualTo("A");
        assertThat(web.at("/metadata/generation").asLong()).isEqualTo(2);

        // The three patch types kubectl patch sends.
        kubectl.run("-n", "shop", "patch", "cm", "settings", "--type=merge", "-p", "{\"data\":{\"size\":\"L\"}}").assertOk();
        kubectl.run("-n", "shop", "patch", "cm", "settings", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/data/color\"}]").assertOk();
        kubectl.run("-n", "shop", "patch", "deploy", "web", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"env\":[{\"name\":\"B\",\"value\":\"2\"}]}]}}}}").assertOk();
        assertThat(json("-n", "shop", "get", "cm", "settings").get("data").toString()).isEqualTo("{\"size\":\"L\"}");
        JsonNode env = json("-n", "shop", "get", "deploy", "web").at("/spec/template/spec/containers/0/env");
        assertThat(env.findValuesAsText("name")).containsExactlyInAnyOrder("A", "B");

        kubectl.run("-n", "shop", "label", "cm", "settings", "tier=backend").assertOk();
        kubectl.run("-n", "shop", "annotate", "cm", "settings", "note=hello").assertOk();
        assertThat(kubectl.run("-n", "shop", "get", "cm", "-l", "tier=backend", "-o", "name").assertOk().out()).isEqualTo("configmap/settings\n");
        // != also matches objects without the label, such as the kube-root-ca.crt ConfigMap every namespace gets.
        assertThat(kubectl.run("-n", "shop", "get", "cm", "-l", "tier!=backend", "-o", "name").assertOk().out())
                .doesNotContain("configmap/settings");

        assertThat(kubectl.run("-n", "shop", "get", "deploy", "-o", "wide").assertOk().out())
                .containsPattern("(?m)^NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR$")
                .containsPattern("(?m)^web\\s+0/1\\s+[01]\\s+0\\s+\\S+\\s+web\\s+nginx:1.28\\s+app=web$"); // UP-TO-DATE: 1 once the deployment controller saw it
        kubectl.run("-n", "shop", "scale", "deploy", "web", "--replicas=4").assertOk();
        assertThat(kubectl.run("-n", "shop", "get", "deploy", "web", "-o", "jsonpath={.spec.replicas}").assertOk().out()).isEqualTo("4");

        // replace (PUT) with a stale resourceVersion is a conflict with upstream's text.
        JsonNode stale = json("-n", "shop", "get", "cm", "settings");
        kubectl.run("-n", "shop", "annotate", "cm", "settings", "bump=1").assertOk();
        Path stalePath = file("stale.json", stale.toString());
        Kubectl.Result conflict = kubectl.run("replace", "-f", stalePath.toString());
        assertThat(conflict.code()).isNotZero();
        assertThat(conflict.err()).contains("Operation cannot be fulfilled on configmaps \"settings\": the object has been modified");

        assertThat(kubectl.run("-n", "shop", "delete", "cm", "settings").assertOk().out()).contains("configmap \"settings\" deleted");
        Kubectl.Result gone = kubectl.run("-n", "shop", "get", "cm", "settings");
        assertThat(gone.err()).contains("Error from server (NotFound): configmaps \"settings\" not found");
    }

    @Test
    void serverSideApplyTracksOwnershipAndConflicts() throws Exception {
        Path manifest = file("ssa.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: api}}
                  template:
                    metadata: {labels: {app: api}}
                    spec:
                      containers: [{name: api, image: busybox}]
                """);
        assertThat(kubectl.run("apply", "--server-side", "-f", manifest.toString()).assertOk().out())
                .contains("deployment.apps/api serverside-applied");
        JsonNode managed = json("get", "deploy", "api", "--show-managed-fields").at("/metadata/managedFields/0");
        assertThat(managed.path("operation").asText()).isEqualTo("Apply");
        assertThat(managed.path("manager").asText()).isEqualTo("kubectl");
        assertThat(managed.at("/fieldsV1/f:spec/f:replicas").isObject()).isTrue();

        kubectl.run("scale", "deploy", "api", "--replicas=3").assertOk(); // another manager now owns replicas
        Files.writeString(manifest, Files.readString(manifest).replace("replicas: 2", "replicas: 5"));
        Kubectl.Result conflict = kubectl.run("apply", "--server-side", "-f", manifest.toString());
        assertThat(conflict.code()).isNotZero();
        assertThat(conflict.err()).contains("Apply failed with 1 conflict").contains(".spec.replicas");
        kubectl.run("apply", "--server-side", "--force-conflicts", "-f", manifest.toString()).assertOk();
        assertThat(kubectl.run("get", "deploy", "api", "-o", "jsonpath={.spec.replicas}").assertOk().out()).isEqualTo("5");
    }

    @Test
    void typedCreateCommandsSendProtobuf() throws Exception {
        kubectl.run("create", "namespace", "typed").assertOk();
        kubectl.run("-n", "typed", "create", "configmap", "c1", "--from-literal=a=b").assertOk();
        kubectl.run("-n", "typed", "create", "secret", "generic", "s1", "--from-literal=k=v").assertOk();
        kubectl.run("-n", "typed", "create", "deployment", "web", "--image=nginx", "--replicas=2").assertOk();
        assertThat(kubectl.run("-n", "typed", "get", "cm", "c1", "-o", "jsonpath={.data.a}").assertOk().out()).isEqualTo("b");
        assertThat(kubectl.run("-n", "typed", "get", "secret", "s1", "-o", "jsonpath={.type} {.data.k}").assertOk().out())
                .isEqualTo("Opaque dg==");
        JsonNode web = json("-n", "typed", "get", "deploy", "web");
        assertThat(web.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(web.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx");
    }

    @Test
    void errorsComeBackAsUpstreamStatuses() throws Exception {
        Kubectl.Result exists = kubectl.run("create", "-f", file("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n").toString());
        assertThat(exists.err()).contains("AlreadyExists").contains("namespaces \"default\" already exists");

        Kubectl.Result invalid = kubectl.run("create", "-f", file("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n").toString());
        assertThat(invalid.err()).contains("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"");

        Kubectl.Result noNs = kubectl.run("create", "-f", file("orphan.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: missing}\n").toString());
        assertThat(noNs.err()).contains("namespaces \"missing\" not found");

        Path typo = file("typo.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo}\ndatta: {a: b}\n");
        assertThat(kubectl.run("create", "-f", typo.toString()).err())
                .contains("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"datta\"");
        Kubectl.Result warned = kubectl.run("create", "--validate=warn", "-f", typo.toString()).assertOk();
        assertThat(warned.err()).contains("Warning: unknown field \"datta\"");

        Kubectl.Result dry = kubectl.run("create", "--dry-run=server", "-f", file("dry.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dry-one}\n").toString());
        assertThat(dry.assertOk().out()).contains("configmap/dry-one created (server dry run)");
        assertThat(kubectl.run("get", "cm", "dry-one").err()).contains("not found");
    }

    @Test
    void watchStreamsAddedModifiedDeleted() throws Exception {
        kubectl.run("create", "namespace", "watched").code(); // protobuf body: may not be supported yet
        kubectl.run("apply", "-f", file("watched.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: watched}\n").toString()).assertOk();
        Path out = dir.resolve("watch.out");
        ProcessBuilder pb = new ProcessBuilder(Kubectl.binary(), "--kubeconfig=" + k3j.kubeconfig(), "-n", "watched",
                "get", "configmaps", "--watch-only", "--output-watch-events", "-o", "json")
                .redirectOutput(out.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process watch = pb.start();
        try {
            // The watch is established once kubectl has listed; create until the first event shows.
            Path cm = file("w.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: w1, namespace: watched}\ndata: {a: b}\n");
            kubectl.run("apply", "-f", cm.toString()).assertOk();
            awaitContent(out, "\"type\":\\s*\"ADDED\"");
            kubectl.run("-n", "watched", "label", "cm", "w1", "x=y").assertOk();
            awaitContent(out, "\"type\":\\s*\"MODIFIED\"");
            kubectl.run("-n", "watched", "delete", "cm", "w1").assertOk();
            awaitContent(out, "\"type\":\\s*\"DELETED\"");
            assertThat(Files.readString(out)).containsPattern("\"name\":\\s*\"w1\"").containsPattern("\"x\":\\s*\"y\"");
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Waits until {@code text} (a regular expression) matches the file's content. */
    @Test
    void watchListSendsInitialEventsThenABookmark() {
        String out = kubectl.run("get", "--raw", "/api/v1/namespaces?watch=true&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1").assertOk().out();
        assertThat(out).contains("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Namespace\"")
                .contains("\"type\":\"BOOKMARK\"").contains("\"k8s.io/initial-events-end\":\"true\"");
        assertThat(out.indexOf("BOOKMARK")).isGreaterThan(out.lastIndexOf("ADDED"));
        assertThat(kubectl.run("get", "--raw", "/api/v1/namespaces?watch=true&sendInitialEvents=true&timeoutSeconds=1").err())
                .contains("sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    }

    @Test
    void podsAreBoundToNodesOnce() throws Exception {
        kubectl.run("apply", "-f", file("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: bind-me}\n"
                + "spec: {containers: [{name: c, image: busybox}]}\n").toString()).assertOk();
        Path binding = file("binding.yaml", "apiVersion: v1\nkind: Binding\nmetadata: {name: bind-me}\n"
                + "target: {kind: Node, name: node-a}\n");
        kubectl.run("create", "-f", binding.toString()).assertOk();
        assertThat(kubectl.run("get", "pod", "bind-me", "-o",
                "jsonpath={.spec.nodeName} {.status.conditions[?(@.type=='PodScheduled')].status}").assertOk().out())
                .isEqualTo("node-a True");
        assertThat(kubectl.run("create", "-f", binding.toString()).err())
                .contains("pod bind-me is already assigned to node \"node-a\"");
    }

    @Test
    void kubectlWaitSeesAChangeThroughListAndWatch() throws Exception {
        kubectl.run("apply", "-f", file("waitme.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: waitme}\ndata: {a: b}\n").toString())
                .assertOk();
        ProcessBuilder pb = new ProcessBuilder(Kubectl.binary(), "--kubeconfig=" + k3j.kubeconfig(), "wait", "cm/waitme",
                "--for=jsonpath={.data.ready}=yes", "--timeout=60s").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process wait = pb.start();
        try {
            kubectl.run("patch", "cm", "waitme", "--type=merge", "-p", "{\"data\":{\"ready\":\"yes\"}}").assertOk();
            assertThat(wait.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(wait.exitValue()).isZero();
            assertThat(new String(wait.getInputStream().readAllBytes())).contains("configmap/waitme condition met");
        } finally {
            wait.destroyForcibly();
        }
    }

    private static void awaitContent(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && java.util.regex.Pattern.compile(text).matcher(Files.readString(file)).find()) {
                return;
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("\"" + text + "\" did not appear in the watch output:\n" + Files.readString(file));
    }
}
