package io.k3j.addons.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeApiException;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real Helm against a real (in-process) k3j API server. */
class HelmRunnerTest {

    static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    static final GroupVersionResource SECRETS = new GroupVersionResource("", "v1", "secrets");
    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    static Path dir;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient client;
    static HelmRunner helm;

    @BeforeAll
    static void boot() {
        server = InProcessServer.start(dir.resolve("data"));
        vertx = Vertx.vertx();
        client = server.adminClient(vertx);
        helm = new HelmRunner(server.config().credDir().resolve("admin.kubeconfig"), dir.resolve("helm-work"));
    }

    @AfterAll
    static void shutdown() {
        if (client != null) {
            client.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        if (server != null) {
            server.close();
        }
    }

    static <T> T await(Future<T> request) throws Exception {
        return request.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static ReleaseRequest request(String name, Path chart, ObjectNode values) {
        return new ReleaseRequest(name, "default", chart, values, Duration.ofSeconds(60), false,
                ReleaseRequest.FailurePolicy.REINSTALL);
    }

    @Test
    void installsUpgradesListsAndUninstallsARelease() throws Exception {
        Path chart = TestCharts.pack("demo", dir.resolve("charts"));
        ObjectNode values = M.createObjectNode().put("greeting", "hi");
        values.putObject("sub").put("flavour", "mint");

        HelmOperation first = helm.apply(request("r1", chart, values));
        assertThat(first.kind()).isEqualTo(HelmOperation.Kind.INSTALLED);
        assertThat(first.release().revision()).isEqualTo(1);
        assertThat(first.release().deployed()).isTrue();
        ObjectNode cm = await(client.get(CONFIGMAPS, "default", "r1-demo"));
        assertThat(cm.path("data").path("greeting").asText()).isEqualTo("hi");
        assertThat(cm.path("data").path("color").asText()).isEqualTo("red"); // chart default
        assertThat(await(client.get(CONFIGMAPS, "default", "r1-sub")).path("data").path("flavour").asText())
                .isEqualTo("mint"); // sub-chart value passed down
        assertThat(await(client.get(CONFIGMAPS, "default", "r1-demo-hook")).path("data").path("ranAt").asText())
                .isEqualTo("1"); // the post-install hook ran
        // Helm keeps the release as a Secret of its own type, as the helm CLI expects.
        ObjectNode secrets = await(client.list(SECRETS, "default",
                io.k3j.client.ListOptions.NONE.withLabelSelector("owner=helm,name=r1")));
        assertThat(secrets.path("items")).hasSize(1);
        assertThat(secrets.path("items").get(0).path("type").asText()).isEqualTo("helm.sh/release.v1");

        ObjectNode changed = M.createObjectNode().put("greeting", "hey");
        HelmOperation second = helm.apply(request("r1", chart, changed));
        assertThat(second.kind()).isEqualTo(HelmOperation.Kind.UPGRADED);
        assertThat(second.release().revision()).isEqualTo(2);
        cm = await(client.get(CONFIGMAPS, "default", "r1-demo"));
        assertThat(cm.path("data").path("greeting").asText()).isEqualTo("hey");
        assertThat(await(client.get(CONFIGMAPS, "default", "r1-sub")).path("data").path("flavour").asText())
                .as("values the HelmChart no longer sets fall back to the chart's").isEqualTo("vanilla");
        assertThat(await(client.get(CONFIGMAPS, "default", "r1-demo-hook")).path("data").path("ranAt").asText())
                .isEqualTo("2");

        List<ReleaseInfo> all = helm.list("");
        assertThat(all).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("r1");
            assertThat(r.namespace()).isEqualTo("default");
            assertThat(r.chart()).isEqualTo("demo-0.1.0");
            assertThat(r.revision()).isEqualTo(2);
        });

        helm.uninstall("r1", "default");
        assertThat(helm.find("r1", "default")).isEmpty();
        assertThatThrownBy(() -> await(client.get(CONFIGMAPS, "default", "r1-demo")))
                .hasCauseInstanceOf(KubeApiException.class);
        helm.uninstall("r1", "default"); // uninstalling what is gone is fine
    }

    @Test
    void aTemplateErrorIsReportedWithHelmsText() {
        Path chart = TestCharts.pack("broken", dir.resolve("charts"));
        assertThatThrownBy(() -> helm.apply(request("bad", chart, M.createObjectNode())))
                .isInstanceOf(HelmException.class)
                .hasMessageContaining("broken chart: .Values.mustHave is required");
    }

    @Test
    void installsIntoANewNamespaceWhenAsked() throws Exception {
        Path chart = TestCharts.pack("twenty", dir.resolve("charts"));
        ReleaseRequest req = new ReleaseRequest("t", "made-by-helm", chart, M.createObjectNode().put("count", 2),
                Duration.ofSeconds(60), true, ReleaseRequest.FailurePolicy.REINSTALL);
        assertThat(helm.apply(req).release().deployed()).isTrue();
        assertThat(await(client.get(CONFIGMAPS, "made-by-helm", "t-1")).path("data").path("index").asText())
                .isEqualTo("1");
        helm.uninstall("t", "made-by-helm");
    }

    @Test
    void differentReleasesRunInParallel() throws Exception {
        Path chart = TestCharts.pack("twenty", dir.resolve("charts"));
        List<CompletableFuture<HelmOperation>> ops = List.of("p1", "p2", "p3").stream()
                .map(n -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return helm.apply(request(n, chart, M.createObjectNode().put("count", 3)));
                    } catch (HelmException e) {
                        throw new IllegalStateException(e);
                    }
                })).toList();
        for (var op : ops) {
            try {
                assertThat(op.get(120, TimeUnit.SECONDS).release().deployed()).isTrue();
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }
        for (String n : List.of("p1", "p2", "p3")) {
            assertThat(await(client.get(CONFIGMAPS, "default", n + "-2"))).isNotNull();
            helm.uninstall(n, "default");
        }
    }
}
