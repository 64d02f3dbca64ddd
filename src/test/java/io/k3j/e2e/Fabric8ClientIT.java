package io.k3j.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real fabric8 kubernetes-client (with its JDK HTTP client) against a booted k3j, configured from the admin
 * kubeconfig k3j writes: typed CRUD of ConfigMaps and Deployments, a watch that reconnects after every server-side
 * timeout without losing an event, a SharedIndexInformer with resync and an index, server-side apply with a
 * conflict and force, and limit/continue pagination. Each test works in its own namespace.
 */
@Tag("e2e")
class Fabric8ClientIT {

    private static ClassServer server;
    private static KubernetesClient client;
    private String ns;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-fabric8");
        Config config = Config.fromKubeconfig(Files.readString(server.k3j.kubeconfig()));
        // Short so the reconnect test does not wait long between watch sessions; still > 0 so a gap exists.
        config.setWatchReconnectInterval(300);
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void namespace(TestInfo test) {
        ns = "f8-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }

    @AfterEach
    void dropNamespace() {
        client.namespaces().withName(ns).delete();
    }

    @Test
    void configMapAndDeploymentCrudWithTypedModels() {
        var configMaps = client.configMaps().inNamespace(ns);
        ConfigMap created = configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .addToLabels("app", "demo").endMetadata().addToData("mode", "fast").build()).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();

        assertThat(configMaps.withName("settings").get().getData()).containsExactly(Map.entry("mode", "fast"));
        ConfigMap edited = configMaps.withName("settings").edit(cm -> new ConfigMapBuilder(cm).addToData("level", "3").build());
        assertThat(edited.getData()).containsEntry("level", "3");
        assertThat(Long.parseLong(edited.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));

        // update with a stale resourceVersion is an optimistic-concurrency conflict
        ConfigMap stale = new ConfigMapBuilder(created).addToData("mode", "slow").build();
        assertThatThrownBy(() -> configMaps.resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        assertThat(configMaps.withLabel("app", "demo").list().getItems()).extracting(cm -> cm.getMetadata().getName())
                .containsExactly("settings");
        assertThat(configMaps.withName("settings").delete()).hasSize(1);
        assertThat(configMaps.withName("settings").get()).isNull();

        var deployments = client.apps().deployments().inNamespace(ns);
        Deployment deployment = deployments.resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        assertThat(deployment.getMetadata().getGeneration()).isEqualTo(1L);
        // defaulting came back in the typed model
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");

        Deployment scaled = deployments.withName("web").scale(3);
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
        // a strategic merge patch (containers merge on name), not edit(): fabric8's edit() sends the resourceVersion
        // it read, and the deployment controller's status writes make that a legitimate 409 race
        Deployment patched = deployments.withName("web").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.28\"}]}}}}");
        assertThat(patched.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");
        assertThat(patched.getMetadata().getGeneration()).isGreaterThan(deployment.getMetadata().getGeneration());
        assertThat(deployments.list().getItems()).extracting(d -> d.getMetadata().getName()).containsExactly("web");

        assertThat(deployments.withName("web").delete()).hasSize(1);
        await("deployment web gone", () -> deployments.withName("web").get() == null);
    }

    @Test
    void watchReconnectsAfterEachTimeoutAndMissesNoEvent() throws Exception {
        var configMaps = client.configMaps().inNamespace(ns);
        List<String> added = new CopyOnWriteArrayList<>();
        List<Long> versions = new CopyOnWriteArrayList<>();
        AtomicInteger closedWithError = new AtomicInteger();
        long watchesBefore = completedConfigMapWatches();
        // timeoutSeconds=1: the server ends every watch session after a second and the client re-watches from
        // the last resourceVersion it saw, so objects created around each session boundary test the hand-over.
        try (Watch ignored = configMaps.watch(new ListOptionsBuilder().withTimeoutSeconds(1L).build(), new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                if (!cm.getMetadata().getName().startsWith("cm-")) {
                    return; // kube-root-ca.crt, which the root-CA publisher puts into every namespace
                }
                if (action == Action.ADDED) {
                    added.add(cm.getMetadata().getName());
                }
                versions.add(Long.parseLong(cm.getMetadata().getResourceVersion()));
            }

            @Override
            public void onClose(WatcherException cause) {
                closedWithError.incrementAndGet();
            }
        })) {
            List<String> expected = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                long sessions = completedConfigMapWatches();
                for (int i = 0; i < 5; i++) {
                    String name = "cm-" + round + "-" + i;
                    configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
                    expected.add(name);
                }
                // let at least one session end before the next batch, so every round crosses a reconnect
                await("a watch session to end", () -> completedConfigMapWatches() > sessions);
            }
            await("all ADDED events", () -> added.size() >= expected.size());
            assertThat(added).containsExactlyElementsOf(expected);
            assertThat(versions).isSorted().doesNotHaveDuplicates();
            assertThat(completedConfigMapWatches() - watchesBefore).isGreaterThanOrEqualTo(4);
            assertThat(closedWithError).hasValue(0);
        }
    }

    @Test
    void sharedIndexInformerSeesAddUpdateDeleteAndResyncs() throws Exception {
        var configMaps = client.configMaps().inNamespace(ns);
        configMaps.resource(cm("early", "blue")).create();
        List<String> events = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> resyncs = new ConcurrentHashMap<>();
        // only the labelled objects: kube-root-ca.crt is published into every namespace
        SharedIndexInformer<ConfigMap> informer = configMaps.withLabel("color").runnableInformer(1_000);
        informer.addIndexers(Map.of("color", cm -> List.of(cm.getMetadata().getLabels().getOrDefault("color", ""))));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                events.add("add " + cm.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                String name = after.getMetadata().getName();
                if (before.getMetadata().getResourceVersion().equals(after.getMetadata().getResourceVersion())) {
                    resyncs.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet(); // a resync
                } else {
                    events.add("update " + name + " " + after.getMetadata().getLabels().get("color"));
                }
            }

            @Override
            public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
                events.add("delete " + cm.getMetadata().getName());
            }
        });
        try {
            informer.start().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(informer.hasSynced()).isTrue();
            assertThat(events).containsExactly("add early");

            configMaps.resource(cm("late", "red")).create();
            await("add late", () -> events.contains("add late"));
            configMaps.withName("early").edit(cm -> new ConfigMapBuilder(cm).editMetadata().addToLabels("color", "red")
                    .endMetadata().build());
            await("update early", () -> events.contains("update early red"));
            await("indexer sees both red", () -> informer.getIndexer().byIndex("color", "red").size() == 2);
            assertThat(informer.getIndexer().byIndex("color", "blue")).isEmpty();

            await("two resyncs of each object", () -> resyncs.getOrDefault("early", new AtomicInteger()).get() >= 2
                    && resyncs.getOrDefault("late", new AtomicInteger()).get() >= 2);

            configMaps.withName("late").delete();
            await("delete late", () -> events.contains("delete late"));
            assertThat(informer.getIndexer().byIndex("color", "red")).extracting(c -> c.getMetadata().getName())
                    .containsExactly("early");
            assertThat(informer.getStore().listKeys()).containsExactly(ns + "/early");
            assertThat(events).containsExactly("add early", "add late", "update early red", "delete late");
        } finally {
            informer.close();
        }
    }

    @Test
    void serverSideApplyWithFieldManagersConflictAndForce() {
        var configMaps = client.configMaps().inNamespace(ns);
        ConfigMap applied = configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("ssa").endMetadata()
                .addToData("owner", "alpha").addToData("alphaOnly", "1").build()).fieldManager("alpha").serverSideApply();
        assertThat(applied.getData()).containsEntry("owner", "alpha").containsEntry("alphaOnly", "1");
        assertThat(applied.getMetadata().getManagedFields()).anySatisfy(f -> {
            assertThat(f.getManager()).isEqualTo("alpha");
            assertThat(f.getOperation()).isEqualTo("Apply");
        });

        ConfigMap rival = new ConfigMapBuilder().withNewMetadata().withName("ssa").endMetadata()
                .addToData("owner", "beta").build();
        assertThatThrownBy(() -> configMaps.resource(rival).fieldManager("beta").serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getDetails().getCauses()).anySatisfy(c -> {
                        assertThat(c.getField()).isEqualTo(".data.owner");
                        assertThat(c.getMessage()).contains("\"alpha\"");
                    });
                });
        assertThat(configMaps.withName("ssa").get().getData()).containsEntry("owner", "alpha");

        ConfigMap forced = configMaps.resource(rival).fieldManager("beta").forceConflicts().serverSideApply();
        assertThat(forced.getData()).containsEntry("owner", "beta").containsEntry("alphaOnly", "1");
        assertThat(forced.getMetadata().getManagedFields()).anySatisfy(f -> {
            assertThat(f.getManager()).isEqualTo("beta");
            assertThat(f.getFieldsV1().getAdditionalProperties().toString()).contains("f:owner");
        });
        // alpha keeps only the field it did not lose
        assertThat(forced.getMetadata().getManagedFields()).filteredOn(f -> f.getManager().equals("alpha"))
                .singleElement().satisfies(f -> assertThat(f.getFieldsV1().getAdditionalProperties().toString())
                        .contains("f:alphaOnly").doesNotContain("f:owner"));
    }

    @Test
    void listPaginatesWithLimitAndContinue() {
        var configMaps = client.configMaps().inNamespace(ns);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            String name = "page-%02d".formatted(i);
            configMaps.resource(cm(name, "green")).create();
            expected.add(name);
        }
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        String snapshot = null;
        do {
            ConfigMapList page = configMaps.withLabel("color", "green")
                    .list(new ListOptionsBuilder().withLimit(10L).withContinue(token).build());
            pageSizes.add(page.getItems().size());
            page.getItems().forEach(cm -> seen.add(cm.getMetadata().getName()));
            if (snapshot == null) {
                snapshot = page.getMetadata().getResourceVersion();
                // written after the first page: the continued list is one consistent snapshot and must not show it
                configMaps.resource(cm("page-zz-after", "green")).create();
            } else {
                assertThat(page.getMetadata().getResourceVersion()).isEqualTo(snapshot);
            }
            token = page.getMetadata().getContinue();
            if (token != null && token.isEmpty()) {
                token = null;
            }
        } while (token != null);
        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(configMaps.withLabel("color", "green").list().getItems()).hasSize(26);
    }

    private static ConfigMap cm(String name, String color) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("color", color).endMetadata()
                .addToData("k", "v").build();
    }

    /** Completed watch requests on configmaps, from k3j's own apiserver_request_total. */
    private static long completedConfigMapWatches() {
        String metrics = client.raw("/metrics");
        return metrics.lines().filter(l -> l.startsWith("apiserver_request_total{") && l.contains("verb=\"WATCH\"")
                        && l.contains("resource=\"configmaps\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
