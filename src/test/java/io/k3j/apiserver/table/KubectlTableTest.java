package io.k3j.apiserver.table;

import io.k3j.testing.LocalKubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.BuiltinResources;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.discovery.DiscoveryDocuments;
import io.k3j.apiserver.discovery.DiscoveryResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the real kubectl 1.33 renders Tables built by {@link TableConvertor}. A throwaway Vert.x server on
 * 127.0.0.1 serves discovery plus list/get of the golden fixtures, as a Table when kubectl asks for one. Skipped
 * when kubectl 1.33 is not installed ({@code -Dk3j.kubectl=/path} overrides the lookup).
 */
@Tag("kubectl")
class KubectlTableTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static Vertx vertx;
    private static HttpServer server;
    private static DiscoveryDocuments discovery;
    private static final List<ResourceDescriptor> RESOURCES = new ArrayList<>(BuiltinResources.all());
    /** cert-manager's Certificate, served with the CRD's printer columns. */
    private static final ResourceDescriptor CERTIFICATES = new ResourceDescriptor("cert-manager.io", "v1",
            "certificates", "certificate", "Certificate", true,
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
            List.of("cert"), List.of(), List.of(), null, "CertificateList", null, true, false);
    private static CrdPrinter certificatePrinter;
    private static final List<JsonNode> OBJECTS = new ArrayList<>();
    private static final List<String> ACCEPTS = new CopyOnWriteArrayList<>();
    private static Path kubectl;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        kubectl = LocalKubectl.find();
        Assumptions.assumeTrue(kubectl != null, "kubectl 1.33 not installed");
        for (String file : List.of("pods.yaml", "apps.yaml", "services.yaml", "core.yaml")) {
            try (InputStream in = KubectlTableTest.class.getResourceAsStream("/table/golden/" + file)) {
                GoldenRowsTest.YAML.readTree(in).path("cases").forEach(c -> OBJECTS.add(c.path("object")));
            }
        }
        RESOURCES.add(CERTIFICATES);
        try (InputStream in = KubectlTableTest.class.getResourceAsStream("/table/crd/certificates.cert-manager.io.yaml")) {
            certificatePrinter = CrdPrinter.forVersion(GoldenRowsTest.YAML.readTree(in), "v1");
        }
        OBJECTS.add(GoldenRowsTest.YAML.readTree("""
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: web-tls, namespace: default, creationTimestamp: "2025-05-30T12:00:00Z"}
                spec: {secretName: web-tls, issuerRef: {name: letsencrypt}}
                status: {conditions: [{type: Ready, status: "True", message: Certificate is up to date}]}
                """));
        OBJECTS.add(GoldenRowsTest.YAML.readTree("""
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: pending-tls, namespace: default, creationTimestamp: "2025-06-01T11:59:00Z"}
                spec: {secretName: pending-tls, issuerRef: {name: letsencrypt}}
                """));
        discovery = DiscoveryDocuments.build(RESOURCES, "127.0.0.1:6443");
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(KubectlTableTest::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void getPods() throws Exception {
        String out = run("get", "pods");
        System.out.println(out);
        assertThat(ACCEPTS).anyMatch(a -> a.contains("as=Table;v=v1;g=meta.k8s.io"));
        assertThat(out.lines().toList()).startsWith(
                "NAME                     READY   STATUS                  RESTARTS      AGE",
                "nginx-7c5ddbdf54-x8kqz   1/1     Running                 0             5m");
        assertThat(out).contains("db-0                     0/1     Init:1/2                0             3m",
                "db-1                     0/1     Init:Error              3 (2m ago)    30m",
                "pi-8xk2p                 0/1     Completed               0             3h",
                "gated-lb                 0/1     Pending                 0             10m");
    }

    @Test
    void getPodsWide() throws Exception {
        String out = run("get", "pods", "-o", "wide");
        System.out.println(out);
        assertThat(out.lines().findFirst().orElseThrow()).isEqualTo(
                "NAME                     READY   STATUS                  RESTARTS      AGE    IP           "
                        + "NODE         NOMINATED NODE   READINESS GATES");
        assertThat(out).contains("gated-lb ", " node-b           1/2");
    }

    @Test
    void allNamespacesAndLabelsComeFromRowMetadata() throws Exception {
        String out = run("get", "pods", "-A", "--show-labels");
        System.out.println(out);
        assertThat(out.lines().findFirst().orElseThrow()).startsWith("NAMESPACE   NAME ").endsWith("LABELS");
        assertThat(out).contains("shop        web-0 ");
    }

    @Test
    void sortByAsksForWholeObjectsAndSortsOnThem() throws Exception {
        String out = run("get", "pods", "--sort-by=.metadata.name", "-L", "app");
        System.out.println(out);
        List<String> names = out.lines().skip(1).map(l -> l.split(" +")[0]).toList();
        assertThat(names).isSorted().contains("api-5f7b9-abcde", "gated-lb", "mixed");
        assertThat(out.lines().findFirst().orElseThrow()).endsWith("APP");
    }

    @Test
    void getNodesServicesDeployments() throws Exception {
        String nodes = run("get", "nodes");
        System.out.println(nodes);
        assertThat(nodes).contains("k3j-server   Ready                         control-plane,master   26h   v1.33.1+k3s1",
                "worker-1     NotReady,SchedulingDisabled   worker                 25h   v1.33.1");
        String svc = run("get", "svc", "-A");
        System.out.println(svc);
        assertThat(svc).contains("LoadBalancer", "<pending>", "80:31234/TCP,443:31567/TCP", "None");
        String deploy = run("get", "deploy", "-A", "-o", "wide");
        System.out.println(deploy);
        assertThat(deploy.lines().findFirst().orElseThrow()).contains("READY", "UP-TO-DATE", "AVAILABLE",
                "CONTAINERS", "IMAGES", "SELECTOR");
        assertThat(deploy).contains("2/3");
    }

    @Test
    void getSingleObjectAndKindPrefix() throws Exception {
        String one = run("get", "pod", "web-0", "-n", "shop");
        System.out.println(one);
        assertThat(one.lines().toList()).containsExactly(
                "NAME    READY   STATUS             RESTARTS      AGE",
                "web-0   1/2     CrashLoopBackOff   6 (90s ago)   24h");
        String two = run("get", "cm,secrets", "-n", "kube-system");
        System.out.println(two);
        assertThat(two).contains("configmap/coredns   3      60m", "secret/k3j-serving   kubernetes.io/tls   2      60m");
    }

    @Test
    void customResourcesUseTheirPrinterColumns() throws Exception {
        String out = run("get", "certificates");
        System.out.println(out);
        assertThat(out.lines().toList()).containsExactly(
                "NAME          READY   SECRET        AGE",
                "web-tls       True    web-tls       2d",
                "pending-tls           pending-tls   60s");
        String wide = run("get", "cert", "-o", "wide");
        System.out.println(wide);
        assertThat(wide.lines().findFirst().orElseThrow()).isEqualTo(
                "NAME          READY   SECRET        ISSUER        STATUS                      AGE");
        // Null cells (nothing at the column's path) print as blanks.
        assertThat(wide).contains(
                "pending-tls           pending-tls   letsencrypt                               60s");
    }

    @Test
    void watchEventsReuseTheFirstEventsColumns() throws Exception {
        String out = run("get", "pods", "--watch-only", "--request-timeout=5s");
        System.out.println(out);
        // The second event's Table has "columnDefinitions": null; kubectl prints it with the first one's columns.
        assertThat(out.lines().toList()).containsExactly(
                "NAME                     READY   STATUS    RESTARTS   AGE",
                "nginx-7c5ddbdf54-x8kqz   1/1     Running   0          5m",
                "big                      0/1     Pending   0          2s");
    }

    private static final TableConvertor CONVERTOR = new TableConvertor(
            gvk -> gvk.equals(CERTIFICATES.groupVersionKind()) ? certificatePrinter : Printers.forKind(gvk));

    private static void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.equals("/version")) {
            req.response().putHeader("Content-Type", "application/json").end("""
                    {"major":"1","minor":"33","gitVersion":"v1.33.1+k3j","gitCommit":"","gitTreeState":"clean",
                     "buildDate":"2025-06-01T00:00:00Z","goVersion":"java","compiler":"javac","platform":"linux/amd64"}""");
            return;
        }
        Optional<Request> r = Request.parse(path);
        if (r.isEmpty()) {
            DiscoveryResponse d = discovery.resolve(path, req.getHeader("Accept"));
            if (d.status() == 200) {
                req.response().putHeader("Content-Type", d.document().contentType())
                        .end(Buffer.buffer(d.document().bytes()));
            } else {
                req.response().setStatusCode(d.status()).end();
            }
            return;
        }
        String accept = String.valueOf(req.getHeader("Accept"));
        ACCEPTS.add(accept);
        Request q = r.get();
        List<JsonNode> items = OBJECTS.stream().filter(q::matches).toList();
        if ("true".equals(req.getParam("watch")) || "1".equals(req.getParam("watch"))) {
            watch(req, q, items, accept);
            return;
        }
        TableOptions opts = new TableOptions(TableOptions.IncludeObject.parse(req.getParam("includeObject")), false);
        ObjectNode body;
        if (q.name() != null) {
            if (items.isEmpty()) {
                req.response().setStatusCode(404).putHeader("Content-Type", "application/json").end("""
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"NotFound","code":404}""");
                return;
            }
            body = accept.contains("as=Table")
                    ? CONVERTOR.toTable(items.getFirst(), q.descriptor().groupVersionKind(), opts, NOW)
                    : (ObjectNode) items.getFirst();
        } else if (accept.contains("as=Table")) {
            body = CONVERTOR.toTable(items, q.descriptor().groupVersionKind(), opts,
                    ListMeta.of("1000"), NOW);
        } else {
            body = GoldenRowsTest.JSON.createObjectNode().put("kind", q.descriptor().listKind())
                    .put("apiVersion", q.descriptor().apiVersion());
            body.putObject("metadata").put("resourceVersion", "1000");
            body.putArray("items").addAll(items);
        }
        req.response().putHeader("Content-Type", "application/json").end(body.toString());
    }

    /**
     * Two MODIFIED events as single-row Tables, as kube-apiserver sends them: columnDefinitions only in the first,
     * null in the next. Then the stream ends.
     */
    private static void watch(HttpServerRequest req, Request q, List<JsonNode> items, String accept) {
        req.response().setChunked(true).putHeader("Content-Type", "application/json");
        for (int i = 0; i < Math.min(2, items.size()); i++) {
            JsonNode object = accept.contains("as=Table")
                    ? CONVERTOR.toTable(items.get(i), q.descriptor().groupVersionKind(),
                            new TableOptions(TableOptions.IncludeObject.METADATA, i > 0), NOW)
                    : items.get(i);
            ObjectNode event = GoldenRowsTest.JSON.createObjectNode().put("type", "MODIFIED");
            event.set("object", object);
            req.response().write(event + "\n");
        }
        req.response().end();
    }

    /** A list or get of a built-in resource: {@code /api/v1[/namespaces/ns]/resource[/name]} or under /apis/g/v. */
    private record Request(ResourceDescriptor descriptor, String namespace, String name) {

        static Optional<Request> parse(String path) {
            String[] s = path.replaceAll("^/+", "").split("/");
            int i;
            String group;
            if (s.length >= 3 && s[0].equals("api")) {
                group = "";
                i = 2;
            } else if (s.length >= 4 && s[0].equals("apis")) {
                group = s[1];
                i = 3;
            } else {
                return Optional.empty();
            }
            String version = s[i - 1];
            String namespace = null;
            if (s.length > i + 2 && s[i].equals("namespaces")) {
                namespace = s[i + 1];
                i += 2;
            }
            String resource = s[i];
            String name = s.length > i + 1 ? s[i + 1] : null;
            String ns = namespace;
            return RESOURCES.stream()
                    .filter(d -> d.group().equals(group) && d.version().equals(version) && d.resource().equals(resource))
                    .findFirst().map(d -> new Request(d, ns, name));
        }

        boolean matches(JsonNode o) {
            return o.path("apiVersion").asText().equals(descriptor.apiVersion())
                    && o.path("kind").asText().equals(descriptor.kind())
                    && (namespace == null || namespace.equals(o.path("metadata").path("namespace").asText()))
                    && (name == null || name.equals(o.path("metadata").path("name").asText()));
        }
    }

    private static String run(String... args) throws IOException, InterruptedException {
        LocalKubectl.Result r = LocalKubectl.run(kubectl, "http://127.0.0.1:" + server.actualPort(), home,
                prepend("-n", "default", args));
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output();
    }

    private static String[] prepend(String a, String b, String[] rest) {
        String[] all = new String[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

}
