package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.BuiltinResources;
import io.k3j.auth.rbac.BootstrapPolicy;
import io.k3j.store.EventBatchCodec;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.memory.MemoryStoreFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The bootstrap policy reconciled against a store at start: creates once, keeps user additions, honours opt-outs. */
class RbacBootstrapTest {

    static final String CR = "/registry/rbac.authorization.k8s.io/clusterroles/";
    static final String CRB = "/registry/rbac.authorization.k8s.io/clusterrolebindings/";

    @TempDir
    Path dir;
    Vertx vertx;
    Store store;
    final ResourceCatalog catalog = new ResourceCatalog(BuiltinResources.all());

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        EventBatchCodec.register(vertx);
        store = await(new MemoryStoreFactory().open(vertx, StoreOptions.defaults(dir).withEndpoint("memory://"),
                new SimpleMeterRegistry()));
    }

    @AfterEach
    void tearDown() {
        store.close();
        await(vertx.close());
    }

    RbacBootstrap.Outcome reconcile() {
        return await(RbacBootstrap.reconcile(vertx, store, catalog));
    }

    KeyValue kv(String key) {
        return await(store.get(key)).kv();
    }

    ObjectNode stored(String key) {
        return Json.stored(kv(key).value());
    }

    void put(String key, ObjectNode obj) {
        await(store.update(key, Json.bytes(obj), kv(key).modRevision()));
    }

    @Test
    void firstStartCreatesEveryDefaultObjectAndASecondWritesNothing() {
        int total = BootstrapPolicy.all().size();
        RbacBootstrap.Outcome first = reconcile();
        assertThat(first.created()).isEqualTo(total);
        ObjectNode admin = stored(CR + "cluster-admin");
        assertThat(admin.path("metadata").path("uid").asText()).isNotEmpty();
        assertThat(admin.path("metadata").path("creationTimestamp").asText()).isNotEmpty();
        assertThat(stored("/registry/rbac.authorization.k8s.io/roles/kube-system/system::leader-locking-kube-scheduler")
                .path("rules")).isNotEmpty();

        long revision = await(store.currentRevision());
        RbacBootstrap.Outcome second = reconcile();
        assertThat(second.unchanged()).isEqualTo(total);
        assertThat(second.created() + second.updated() + second.recreated()).isZero();
        assertThat(await(store.currentRevision())).as("a restart writes nothing").isEqualTo(revision);
    }

    @Test
    void aggregatedDefaultsStartWithTheirAggregatedRules() {
        reconcile();
        JsonNode view = stored(CR + "view");
        assertThat(view.path("aggregationRule").path("clusterRoleSelectors")).isNotEmpty();
        assertThat(view.path("rules").toString()).contains("\"pods\"").contains("\"deployments\"");
        assertThat(view.path("rules").toString()).doesNotContain("\"secrets\"");
        assertThat(stored(CR + "admin").path("rules").toString()).contains("\"rolebindings\"");
    }

    @Test
    void userAdditionsSurviveAndMissingDefaultsComeBack() {
        reconcile();
        // A user adds a rule to a default role and a subject to a default binding …
        ObjectNode discovery = stored(CR + "system:discovery");
        ObjectNode extra = discovery.withArray("rules").addObject();
        extra.putArray("nonResourceURLs").add("/custom");
        extra.putArray("verbs").add("get");
        put(CR + "system:discovery", discovery);
        ObjectNode basic = stored(CRB + "system:basic-user");
        basic.withArray("subjects").addObject().put("kind", "User").put("name", "someone")
                .put("apiGroup", "rbac.authorization.k8s.io");
        put(CRB + "system:basic-user", basic);
        // … and removes a default rule and a whole default object.
        ObjectNode viewer = stored(CR + "system:public-info-viewer");
        viewer.putArray("rules");
        put(CR + "system:public-info-viewer", viewer);
        await(store.delete(CR + "system:monitoring", 0));

        RbacBootstrap.Outcome o = reconcile();
        assertThat(o.created()).isEqualTo(1);
        assertThat(o.updated()).isEqualTo(1);
        assertThat(stored(CR + "system:discovery").path("rules").toString()).contains("/custom");
        assertThat(stored(CRB + "system:basic-user").path("subjects").toString()).contains("someone");
        assertThat(stored(CR + "system:public-info-viewer").path("rules").toString()).contains("/healthz");
        assertThat(kv(CR + "system:monitoring")).isNotNull();
    }

    @Test
    void optedOutObjectsAreLeftAloneAndAChangedRoleRefIsRecreated() {
        reconcile();
        ObjectNode viewer = stored(CR + "system:public-info-viewer");
        viewer.putArray("rules");
        viewer.with("metadata").with("annotations").put(BootstrapPolicy.AUTOUPDATE_ANNOTATION, "false");
        put(CR + "system:public-info-viewer", viewer);
        ObjectNode binding = stored(CRB + "system:discovery");
        binding.with("roleRef").put("name", "view");
        String uid = binding.path("metadata").path("uid").asText();
        put(CRB + "system:discovery", binding);

        RbacBootstrap.Outcome o = reconcile();
        assertThat(o.protectedObjects()).isEqualTo(1);
        assertThat(o.recreated()).isEqualTo(1);
        assertThat(stored(CR + "system:public-info-viewer").path("rules")).isEmpty();
        ObjectNode recreated = stored(CRB + "system:discovery");
        assertThat(recreated.path("roleRef").path("name").asText()).isEqualTo("system:discovery");
        assertThat(recreated.path("metadata").path("uid").asText()).isNotEqualTo(uid);
    }

    @Test
    void theShortcutNeverSkipsWhatTheReconcilerWouldWrite() {
        reconcile();
        ObjectNode discovery = stored(CR + "system:discovery");
        discovery.withArray("rules").addObject().putArray("verbs").add("get");
        put(CR + "system:discovery", discovery);
        ObjectNode viewer = stored(CR + "system:public-info-viewer");
        viewer.putArray("rules");
        put(CR + "system:public-info-viewer", viewer);
        ObjectNode basic = stored(CRB + "system:basic-user");
        basic.with("metadata").with("labels").remove(BootstrapPolicy.BOOTSTRAPPING_LABEL);
        put(CRB + "system:basic-user", basic);
        int skipped = 0;
        for (ObjectNode expected : BootstrapPolicy.all()) {
            String ns = expected.path("metadata").path("namespace").asText("");
            String resource = switch (expected.path("kind").asText()) {
                case "ClusterRole" -> "clusterroles/";
                case "ClusterRoleBinding" -> "clusterrolebindings/";
                case "Role" -> "roles/" + ns + "/";
                default -> "rolebindings/" + ns + "/";
            };
            ObjectNode existing = stored("/registry/rbac.authorization.k8s.io/" + resource
                    + expected.path("metadata").path("name").asText());
            if (RbacBootstrap.alreadyHolds(existing, expected)) {
                skipped++;
                assertThat(io.k3j.auth.rbac.BootstrapReconciler.reconcile(existing, expected).operation())
                        .as(expected.path("metadata").path("name").asText())
                        .isEqualTo(io.k3j.auth.rbac.BootstrapReconciler.Operation.NONE);
            }
        }
        assertThat(skipped).isEqualTo(BootstrapPolicy.all().size() - 3);
    }

    @Test
    void concurrentStartsConvergeWithoutErrors() {
        var a = RbacBootstrap.reconcile(vertx, store, catalog);
        var b = RbacBootstrap.reconcile(vertx, store, catalog);
        await(a);
        await(b);
        assertThat(await(store.count(CR))).isEqualTo(BootstrapPolicy.clusterRoles().size());
        assertThat(new String(kv(CR + "edit").value(), StandardCharsets.UTF_8)).contains("aggregationRule");
    }
}
