package io.k3j.addons.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.addons.AddonCrds;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeApiException;
import io.k3j.client.ListOptions;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy controller with the real client against a real in-process API server, which serves the Addon CRD.
 */
class DeployControllerTest {

    static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");

    @TempDir
    static Path root;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient real;

    Path manifests;
    HttpKubeClient client;
    String deployment;
    static int round;

    @BeforeAll
    static void boot() {
        server = InProcessServer.start(root.resolve("data"));
        vertx = Vertx.vertx();
        real = server.adminClient(vertx);
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

    @BeforeEach
    void setUp() throws Exception {
        manifests = Files.createDirectories(root.resolve("manifests-" + (++round)));
        client = real;
    }

    @AfterEach
    void tearDown() throws Exception {
        stop();
    }

    void start(Set<String> disabled, String packaged) throws Exception {
        DeployController c = new DeployController(client, new DeploySettings(manifests, packaged,
                PackagedManifests.templateVars("10.43.0.10", "cluster.local", Path.of("/storage"), ""),
                disabled, Duration.ofSeconds(15), "test-node"));
        deployment = await(vertx.deployVerticle(c));
        await(c.firstPass());
    }

    void stop() throws Exception {
        if (deployment != null) {
            await(vertx.undeploy(deployment));
            deployment = null;
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Polls until the condition holds (no fixed sleeps), at most 10 s. */
    static void eventually(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
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
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(20);
        }
    }

    ObjectNode configMap(String ns, String name) throws Exception {
        try {
            return await(real.get(CONFIGMAPS, ns, name));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof KubeApiException k && k.notFound()) {
                return null;
            }
            throw e;
        }
    }

    ObjectNode addon(String name) throws Exception {
        try {
            return await(client.get(AddonCrds.ADDONS, "kube-system", name));
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        }
    }

    boolean hasEvent(String addon, String reason, String messagePart) throws Exception {
        for (JsonNode ev : await(real.list(EVENTS, "kube-system", ListOptions.NONE)).path("items")) {
            if (ev.path("involvedObject").path("name").asText().equals(addon) && ev.path("reason").asText().equals(reason)
                    && ev.path("message").asText().contains(messagePart)) {
                return true;
            }
        }
        return false;
    }

    static String cm(String ns, String name, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n" + (ns == null ? "" : "  namespace: " + ns + "\n")
                + "data:\n  v: \"" + value + "\"\n";
    }

    @Test
    void appliesEditsPrunesAndLeavesObjectsOfADeletedFile() throws Exception {
        start(Set.of(), "none");
        Path file = manifests.resolve("app.yaml");
        Files.writeString(file, cm("default", "app-a", "1") + "---\n" + cm(null, "app-b", "1") + "---\n"
                + "apiVersion: v1\nkind: List\nitems:\n- " + cm("kube-public", "app-c", "1").replace("\n", "\n  ").strip() + "\n");
        eventually(() -> configMap("default", "app-a") != null && configMap("default", "app-b") != null
                && configMap("kube-public", "app-c") != null);
        ObjectNode a = configMap("default", "app-a");
        assertThat(a.path("metadata").path("labels").path(Ownership.HASH_LABEL).asText())
                .isEqualTo(Ownership.hash("kube-system", "app"));
        assertThat(a.path("metadata").path("annotations").path(Ownership.OWNER_NAME).asText()).isEqualTo("app");
        assertThat(a.path("metadata").path("managedFields").toString()).contains(DeployController.FIELD_MANAGER);
        eventually(() -> addon("app") != null && !addon("app").path("spec").path("checksum").asText().isEmpty());
        ObjectNode ad = addon("app");
        assertThat(ad.path("spec").path("source").asText()).isEqualTo(file.toString());
        assertThat(ad.path("spec").path("checksum").asText()).isEqualTo(DeployController.sha256(Files.readAllBytes(file)));
        assertThat(ad.path("metadata").path("annotations").path(DeployController.GVKS_ANNOTATION).asText())
                .isEqualTo("v1, Kind=ConfigMap");
        eventually(() -> hasEvent("app", "ApplyingManifest", file.toString()) && hasEvent("app", "AppliedManifest", file.toString()));

        // edit one value and drop a document: updated and pruned
        Files.writeString(file, cm("default", "app-a", "2") + "---\n" + cm("kube-public", "app-c", "1"));
        eventually(() -> "2".equals(configMap("default", "app-a").path("data").path("v").asText())
                && configMap("default", "app-b") == null);
        assertThat(configMap("kube-public", "app-c")).isNotNull();

        // deleting the file leaves the objects, as in K3s
        Files.delete(file);
        Files.writeString(manifests.resolve("other.yaml"), cm("default", "other", "x"));
        eventually(() -> configMap("default", "other") != null);
        assertThat(configMap("default", "app-a")).isNotNull();
        assertThat(configMap("kube-public", "app-c")).isNotNull();
        for (String n : new String[]{"app-a", "other"}) {
            await(real.delete(CONFIGMAPS, "default", n, io.k3j.client.DeleteOptions.DEFAULT));
        }
        await(real.delete(CONFIGMAPS, "kube-public", "app-c", io.k3j.client.DeleteOptions.DEFAULT));
    }

    @Test
    void aBrokenDocumentIsReportedAndNeitherStopsTheRestNorPrunes() throws Exception {
        start(Set.of(), "none");
        Path file = manifests.resolve("mixed.yml");
        Files.writeString(file, cm("default", "mixed-a", "1") + "---\n" + cm("default", "mixed-b", "1"));
        eventually(() -> configMap("default", "mixed-b") != null);
        // document 2 breaks; document 1 changes; document 3 is new
        Files.writeString(file, cm("default", "mixed-a", "2") + "---\nkind: ConfigMap\nmetadata: {name: [oops\n---\n"
                + cm("default", "mixed-c", "1"));
        eventually(() -> hasEvent("mixed", "ParseManifestFailed", "document 2"));
        eventually(() -> configMap("default", "mixed-c") != null
                && "2".equals(configMap("default", "mixed-a").path("data").path("v").asText()));
        assertThat(configMap("default", "mixed-b")).as("a parse error never deletes").isNotNull();
        // and a broken file does not hold up another file
        Files.writeString(manifests.resolve("fine.yaml"), cm("default", "fine", "1"));
        eventually(() -> configMap("default", "fine") != null);
        for (String n : new String[]{"mixed-a", "mixed-b", "mixed-c", "fine"}) {
            await(real.delete(CONFIGMAPS, "default", n, io.k3j.client.DeleteOptions.DEFAULT));
        }
    }

    @Test
    void skipFreezesAndUnchangedFilesAreNotReappliedAfterARestart() throws Exception {
        Files.writeString(manifests.resolve("keep.yaml"), cm("default", "keep", "1"));
        start(Set.of(), "none");
        eventually(() -> configMap("default", "keep") != null);
        eventually(() -> !addon("keep").path("spec").path("checksum").asText().isEmpty());
        String rv = configMap("default", "keep").path("metadata").path("resourceVersion").asText();
        String addonRv = addon("keep").path("metadata").path("resourceVersion").asText();

        stop();
        start(Set.of(), "none");
        assertThat(configMap("default", "keep").path("metadata").path("resourceVersion").asText())
                .as("unchanged across a restart: not applied again").isEqualTo(rv);
        assertThat(addon("keep").path("metadata").path("resourceVersion").asText())
                .as("nor its Addon written again").isEqualTo(addonRv);

        Files.writeString(manifests.resolve("keep.yaml.skip"), "");
        Files.writeString(manifests.resolve("keep.yaml"), cm("default", "keep", "changed"));
        Files.writeString(manifests.resolve("marker.yaml"), cm("default", "marker", "1"));
        eventually(() -> configMap("default", "marker") != null);
        assertThat(configMap("default", "keep").path("data").path("v").asText()).as(".skip freezes the file").isEqualTo("1");
        for (String n : new String[]{"keep", "marker"}) {
            await(real.delete(CONFIGMAPS, "default", n, io.k3j.client.DeleteOptions.DEFAULT));
        }
    }

    @Test
    void packagedManifestsAreWrittenAndDisableRemovesThemWithTheirObjects() throws Exception {
        start(Set.of(), "io/k3j/addons/packaged-test");
        eventually(() -> configMap("kube-system", "dns-settings") != null && configMap("default", "extra") != null);
        assertThat(configMap("kube-system", "dns-settings").path("data").path("dns").asText()).isEqualTo("10.43.0.10");
        stop();

        start(Set.of("dns"), "io/k3j/addons/packaged-test");
        eventually(() -> configMap("kube-system", "dns-settings") == null && addon("dns") == null);
        assertThat(manifests.resolve("dns.yaml")).doesNotExist();
        assertThat(configMap("default", "extra")).isNotNull();
        await(real.delete(CONFIGMAPS, "default", "extra", io.k3j.client.DeleteOptions.DEFAULT));
    }

    @Test
    void aFileWithACrdAndItsObjectsApplies() throws Exception {
        start(Set.of(), "none");
        Files.writeString(manifests.resolve("widgets.yaml"), """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w1, namespace: default}
                spec: {size: 3}
                ---
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """);
        // the Widget comes first in the file, but the CRD is applied before it
        GroupVersionResource widgets = new GroupVersionResource("example.com", "v1", "widgets");
        eventually(() -> addon("widgets") != null && !addon("widgets").path("spec").path("checksum").asText().isEmpty());
        assertThat(await(client.get(widgets, "default", "w1")).path("spec").path("size").asInt()).isEqualTo(3);
    }
}
