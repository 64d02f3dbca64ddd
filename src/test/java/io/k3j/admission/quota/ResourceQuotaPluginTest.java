package io.k3j.admission.quota;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.UserInfo;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.memory.MemoryStoreFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

/** The plugin over a real (in-memory) store: charges, refusals with upstream's texts, dry runs, concurrent creates. */
class ResourceQuotaPluginTest {

    static final ObjectMapper M = new ObjectMapper();
    static final String KEY = "/registry/core/resourcequotas/ns/q";

    @TempDir
    Path dir;
    Vertx vertx;
    Store store;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        store = await(new MemoryStoreFactory().open(vertx, StoreOptions.defaults(dir).withEndpoint("memory://"),
                new SimpleMeterRegistry()));
    }

    @AfterEach
    void close() {
        await(store.closeAsync());
        await(vertx.close());
    }

    /** Quotas as the watch cache would answer: read from the store (the plugin only asks whether any exist). */
    final AdmissionLookup lookup = new AdmissionLookup() {
        @Override
        public Future<ObjectNode> get(String group, String resource, String namespace, String name) {
            return store.get("/registry/core/" + resource + "/" + namespace + "/" + name)
                    .map(g -> g.kv() == null ? null : Json.stored(g.kv().value()));
        }

        @Override
        public Future<List<ObjectNode>> list(String group, String resource, String namespace) {
            return store.range("/registry/core/" + resource + "/" + namespace + "/", null, 0, 0)
                    .map(rr -> rr.kvs().stream().map(kv -> Json.stored(kv.value())).toList());
        }
    };

    ResourceQuotaPlugin plugin() {
        return new ResourceQuotaPlugin(new AdmissionEnv(vertx, lookup, () -> store, Map.of(), Clock.systemUTC()));
    }

    void quota(String hard, String used) throws Exception {
        ObjectNode q = (ObjectNode) M.readTree("{\"apiVersion\":\"v1\",\"kind\":\"ResourceQuota\",\"metadata\":{\"name\":\"q\",\"namespace\":\"ns\"},"
                + "\"spec\":{\"hard\":" + hard + "},\"status\":{\"hard\":" + hard + ",\"used\":" + used + "}}");
        await(store.create(KEY, Json.bytes(q)));
    }

    ObjectNode used() {
        KeyValue kv = await(store.get(KEY)).kv();
        return (ObjectNode) Json.stored(kv.value()).path("status").path("used");
    }

    static AdmissionRequest create(String name, String resources, boolean dryRun) {
        ObjectNode pod = M.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", name).put("namespace", "ns");
        ObjectNode c = pod.putObject("spec").putArray("containers").addObject().put("name", "c1").put("image", "x");
        if (resources != null) {
            try {
                c.set("resources", M.readTree(resources));
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }
        return new AdmissionRequest(Operation.CREATE, "", "v1", "pods", "", "Pod", "ns", name, pod, null, null,
                UserInfo.anonymous(), dryRun);
    }

    @Test
    void chargesBeforeAdmittingAndRefusesOverQuotaWithUpstreamsText() throws Exception {
        quota("{\"pods\":\"2\"}", "{\"pods\":\"1\"}");
        ResourceQuotaPlugin p = plugin();
        AdmissionRequest first = create("p1", null, false);
        assertThat(p.handles(first)).isTrue();
        await(p.validate(first));
        assertThat(used().path("pods").asText()).isEqualTo("2");

        Throwable refused = failure(p.validate(create("p2", null, false)));
        assertThat(refused).isInstanceOf(AdmissionDenied.class);
        assertThat(((AdmissionDenied) refused).code()).isEqualTo(403);
        assertThat(refused).hasMessage("pods \"p2\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");
        assertThat(used().path("pods").asText()).isEqualTo("2");
    }

    @Test
    void dryRunsAreCheckedButNeverCharged() throws Exception {
        quota("{\"pods\":\"1\"}", "{\"pods\":\"0\"}");
        ResourceQuotaPlugin p = plugin();
        long before = await(store.get(KEY)).kv().modRevision();
        await(p.validate(create("p1", null, true)));
        assertThat(await(store.get(KEY)).kv().modRevision()).isEqualTo(before);
        assertThat(used().path("pods").asText()).isEqualTo("0");
    }

    @Test
    void podsMustStateWhatTheQuotaEnforces() throws Exception {
        quota("{\"limits.cpu\":\"2\",\"requests.memory\":\"1Gi\"}", "{\"limits.cpu\":\"0\",\"requests.memory\":\"0\"}");
        Throwable refused = failure(plugin().validate(create("p1", "{\"requests\":{\"cpu\":\"100m\"}}", false)));
        assertThat(refused).hasMessage("pods \"p1\" is forbidden: failed quota: q: must specify limits.cpu for: c1; requests.memory for: c1");
        await(plugin().validate(create("p2", "{\"limits\":{\"cpu\":\"1\",\"memory\":\"512Mi\"}}", false)));
        assertThat(used().path("limits.cpu").asText()).isEqualTo("1");
        assertThat(used().path("requests.memory").asText()).isEqualTo("512Mi");
    }

    @Test
    void namespacesWithoutQuotasAreNotTouched() {
        await(plugin().validate(create("p1", null, false)));
        assertThat(await(store.currentRevision())).isZero();
    }

    @Test
    void concurrentCreatesAreBatchedAndNeverExceedTheQuota() throws Exception {
        quota("{\"pods\":\"7\",\"count/pods\":\"100\"}", "{\"pods\":\"0\",\"count/pods\":\"0\"}");
        ResourceQuotaPlugin p = plugin();
        List<Future<Void>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(p.validate(create("p" + i, null, false)));
        }
        await(Future.join(all).otherwiseEmpty());
        assertThat(all.stream().filter(Future::succeeded).count()).isEqualTo(7);
        all.stream().filter(Future::failed).forEach(f -> assertThat(f.cause())
                .hasMessageEndingWith("exceeded quota: q, requested: pods=1, used: pods=7, limited: pods=7"));
        assertThat(used().path("pods").asText()).isEqualTo("7");
        assertThat(used().path("count/pods").asText()).isEqualTo("7");
    }

    @Test
    void twoServersOverOneDatastoreNeverOvershoot() throws Exception {
        quota("{\"pods\":\"7\"}", "{\"pods\":\"0\"}");
        ResourceQuotaPlugin a = plugin();
        ResourceQuotaPlugin b = plugin(); // each batches its own requests; they meet in compare-and-swap conflicts
        List<Future<Void>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add((i % 2 == 0 ? a : b).validate(create("p" + i, null, false)));
        }
        await(Future.join(all).otherwiseEmpty());
        long admitted = all.stream().filter(Future::succeeded).count();
        long lostRaces = all.stream().filter(f -> f.failed() && f.cause().getMessage().startsWith("Operation cannot be fulfilled")).count();
        assertThat(admitted).isLessThanOrEqualTo(7);
        assertThat(admitted + lostRaces).as("only a race lost three times in a row leaves headroom unused").isGreaterThanOrEqualTo(7);
        assertThat(used().path("pods").asInt()).as("every admitted request was charged, nothing else").isEqualTo((int) admitted);
    }
}
