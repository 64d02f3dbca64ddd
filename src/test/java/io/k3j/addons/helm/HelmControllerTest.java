package io.k3j.addons.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.addons.AddonCrds;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeApiException;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm controller with real Helm and the real client against an in-process API server, which serves the
 * HelmChart and HelmChartConfig CRDs.
 */
class HelmControllerTest {

    static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    static Path root;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient real;
    static HttpKubeClient client;
    static HelmRunner helm;

    @BeforeAll
    static void boot() throws Exception {
        // the server's own Helm controller would work the same HelmCharts: only the one under test runs
        server = InProcessServer.start(root.resolve("data"), "--disable-helm-controller");
        vertx = Vertx.vertx();
        real = server.adminClient(vertx);
        client = real;
        Path kubeconfig = server.config().credDir().resolve("admin.kubeconfig");
        helm = new HelmRunner(kubeconfig, root.resolve("list-work"));
        HelmController controller = new HelmController(client, new HelmSettings(kubeconfig, root.resolve("helm"),
                "127.0.0.1:" + server.config().httpsPort(), server.config().tlsDir().resolve("server-ca.crt"), 2,
                "test-node"));
        await(vertx.deployVerticle(controller));
        await(controller.watching());
    }

    @AfterAll
    static void shutdown() {
        if (real != null) {
            real.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        if (server != null) {
            server.close();
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static void eventually(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 60 s");
            }
            Thread.sleep(50);
        }
    }

    static ObjectNode helmChart(String name, ObjectNode spec) {
        ObjectNode hc = M.createObjectNode().put("apiVersion", "helm.cattle.io/v1").put("kind", "HelmChart");
        hc.putObject("metadata").put("name", name).put("namespace", "default");
        hc.set("spec", spec);
        return hc;
    }

    static ObjectNode chart(String name) throws Exception {
        try {
            return await(client.get(AddonCrds.HELMCHARTS, "default", name));
        } catch (ExecutionException e) {
            return null;
        }
    }

    static String cmValue(String ns, String name, String key) throws Exception {
        try {
            return await(real.get(CONFIGMAPS, ns, name)).path("data").path(key).asText(null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KubeApiException k && k.notFound()) {
                return null;
            }
            throw e;
        }
    }

    static int revision(String name) throws Exception {
        return helm.find(name, "default").map(ReleaseInfo::revision).orElse(0);
    }

    static boolean hasEvent(String object, String reason, String messagePart) throws Exception {
        for (JsonNode ev : await(real.list(EVENTS, "default", ListOptions.NONE)).path("items")) {
            if (ev.path("involvedObject").path("name").asText().equals(object) && ev.path("reason").asText().equals(reason)
                    && ev.path("message").asText().contains(messagePart)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void installsUpgradesOnValuesAndConfigChangesAndUninstallsOnDelete() throws Exception {
        ObjectNode spec = M.createObjectNode().put("chartContent", TestCharts.base64("demo", root.resolve("pack")))
                .put("valuesContent", "greeting: from-helmchart\n");
        await(client.create(AddonCrds.HELMCHARTS, "default", helmChart("demo", spec), WriteOptions.manager("test")));

        eventually(() -> "from-helmchart".equals(cmValue("default", "demo-demo", "greeting")));
        assertThat(cmValue("default", "demo-sub", "flavour")).isEqualTo("vanilla"); // the dependency sub-chart
        eventually(() -> "1".equals(cmValue("default", "demo-demo-hook", "ranAt"))); // the post-install hook
        eventually(() -> "False".equals(HelmController.condition(chart("demo"), "Failed")));
        assertThat(HelmController.condition(chart("demo"), "Deployed")).isEqualTo("True");
        assertThat(chart("demo").path("metadata").path("finalizers").toString()).contains(HelmController.FINALIZER);
        assertThat(revision("demo")).isEqualTo(1);
        eventually(() -> hasEvent("demo", "Installed", "revision 1"));

        // valuesContent changes: revision 2
        await(client.patch(AddonCrds.HELMCHARTS, "default", "demo", PatchType.MERGE,
                "{\"spec\":{\"valuesContent\":\"greeting: changed\\n\"}}", "", WriteOptions.manager("test")));
        eventually(() -> "changed".equals(cmValue("default", "demo-demo", "greeting")));
        eventually(() -> revision("demo") == 2);
        eventually(() -> hasEvent("demo", "Upgraded", "revision 2"));

        // a HelmChartConfig overrides a value: revision 3
        ObjectNode hcc = M.createObjectNode().put("apiVersion", "helm.cattle.io/v1").put("kind", "HelmChartConfig");
        hcc.putObject("metadata").put("name", "demo").put("namespace", "default");
        hcc.putObject("spec").put("valuesContent", "greeting: from-config\ncolor: blue\n");
        await(client.create(AddonCrds.HELMCHARTCONFIGS, "default", hcc, WriteOptions.manager("test")));
        eventually(() -> "from-config".equals(cmValue("default", "demo-demo", "greeting"))
                && "blue".equals(cmValue("default", "demo-demo", "color")));
        eventually(() -> revision("demo") == 3);

        // helm list (through helm-java) sees the release as the helm CLI would
        eventually(() -> helm.list("").stream().anyMatch(r -> r.name().equals("demo") && r.deployed()
                && r.revision() == 3 && r.chart().equals("demo-0.1.0")));

        // deleting the HelmChart uninstalls the release and its objects
        await(client.delete(AddonCrds.HELMCHARTS, "default", "demo", DeleteOptions.DEFAULT));
        eventually(() -> chart("demo") == null);
        assertThat(cmValue("default", "demo-demo", "greeting")).isNull();
        assertThat(cmValue("default", "demo-sub", "flavour")).isNull();
        assertThat(helm.find("demo", "default")).isEmpty();
        eventually(() -> hasEvent("demo", "Uninstalled", "demo"));
        await(client.delete(AddonCrds.HELMCHARTCONFIGS, "default", "demo", DeleteOptions.DEFAULT));
    }

    @Test
    void aTemplateErrorIsReportedInStatusAndEvents() throws Exception {
        ObjectNode spec = M.createObjectNode().put("chartContent", TestCharts.base64("broken", root.resolve("pack")))
                .put("failurePolicy", "abort");
        await(client.create(AddonCrds.HELMCHARTS, "default", helmChart("broken", spec), WriteOptions.manager("test")));
        eventually(() -> "True".equals(HelmController.condition(chart("broken"), "Failed")));
        JsonNode failed = null;
        for (JsonNode c : chart("broken").path("status").path("conditions")) {
            if ("Failed".equals(c.path("type").asText())) {
                failed = c;
            }
        }
        assertThat(failed.path("message").asText()).contains("broken chart: .Values.mustHave is required");
        assertThat(failed.path("reason").asText()).isEqualTo("InstallFailed");
        eventually(() -> hasEvent("broken", "InstallFailed", ".Values.mustHave is required"));

        // fixed by a value: installs
        await(client.patch(AddonCrds.HELMCHARTS, "default", "broken", PatchType.MERGE,
                "{\"spec\":{\"set\":{\"mustHave\":\"now\"}}}", "", WriteOptions.manager("test")));
        eventually(() -> "now".equals(cmValue("default", "broken-bad", "value")));
        await(client.delete(AddonCrds.HELMCHARTS, "default", "broken", DeleteOptions.DEFAULT));
        eventually(() -> chart("broken") == null);
    }

    @Test
    void installsAChartServedFromStaticCharts() throws Exception {
        Path tgz = TestCharts.pack("twenty", root.resolve("pack"));
        Path staticCharts = Files.createDirectories(server.config().serverDir().resolve("static/charts"));
        Files.copy(tgz, staticCharts.resolve("twenty-0.1.0.tgz"));
        ObjectNode spec = M.createObjectNode()
                .put("chart", "https://%{KUBERNETES_API}%/static/charts/twenty-0.1.0.tgz")
                .put("targetNamespace", "static-test").put("createNamespace", true);
        spec.putObject("set").put("count", 2);
        await(client.create(AddonCrds.HELMCHARTS, "default", helmChart("fromstatic", spec), WriteOptions.manager("test")));
        eventually(() -> "1".equals(cmValue("static-test", "fromstatic-1", "index")));
        assertThat(cmValue("static-test", "fromstatic-2", "index")).as("set count=2 typed as a number").isNull();
        await(client.delete(AddonCrds.HELMCHARTS, "default", "fromstatic", DeleteOptions.DEFAULT));
        eventually(() -> chart("fromstatic") == null);
        assertThat(cmValue("static-test", "fromstatic-1", "index")).isNull();
    }
}
