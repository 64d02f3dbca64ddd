package io.k3j.apiserver.rest;

import io.k3j.api.BuiltinResources;
import io.k3j.store.EventBatchCodec;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two API servers on one store: the `kubernetes` Endpoints list both, and only the live one after the other stops. */
class ApiServerEndpointsTest {

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

    private ApiServerEndpoints server(String ip, int port) {
        return new ApiServerEndpoints(vertx, store, catalog, new Bootstrap.Settings("10.43.0.1", ip, port));
    }

    private String stored(String key) {
        KeyValue kv = await(store.get(key)).kv();
        return kv == null ? null : Json.parseObject(kv.value()).toString();
    }

    @Test
    void listsEveryLiveServerAndDropsOneThatStops() {
        ApiServerEndpoints a = server("10.0.0.2", 6443);
        ApiServerEndpoints b = server("10.0.0.1", 6443);
        await(a.start());
        assertThat(stored("/registry/core/endpoints/default/kubernetes"))
                .contains("\"subsets\":[{\"addresses\":[{\"ip\":\"10.0.0.2\"}],\"ports\":[{\"name\":\"https\",\"port\":6443,\"protocol\":\"TCP\"}]}]");
        long created = await(store.get("/registry/core/endpoints/default/kubernetes")).kv().createRevision();

        await(b.start());
        assertThat(stored("/registry/core/endpoints/default/kubernetes"))
                .contains("\"addresses\":[{\"ip\":\"10.0.0.1\"},{\"ip\":\"10.0.0.2\"}]");
        assertThat(stored("/registry/discovery.k8s.io/endpointslices/default/kubernetes"))
                .contains("\"addresses\":[\"10.0.0.1\"]").contains("\"addresses\":[\"10.0.0.2\"]")
                .contains("\"addressType\":\"IPv4\"");
        // Nothing changed: a further pass writes nothing.
        long rev = await(store.get("/registry/core/endpoints/default/kubernetes")).kv().modRevision();
        await(b.start());
        assertThat(await(store.get("/registry/core/endpoints/default/kubernetes")).kv().modRevision()).isEqualTo(rev);

        await(a.stop());
        assertThat(stored("/registry/core/endpoints/default/kubernetes"))
                .contains("\"addresses\":[{\"ip\":\"10.0.0.1\"}]").doesNotContain("10.0.0.2");
        assertThat(stored("/registry/discovery.k8s.io/endpointslices/default/kubernetes")).doesNotContain("10.0.0.2");
        // Updated in place: the same object (uid, creation) as the first server created.
        assertThat(await(store.get("/registry/core/endpoints/default/kubernetes")).kv().createRevision()).isEqualTo(created);
        await(b.stop());
    }

    @Test
    void serversOnDifferentPortsGetOneSubsetEach() {
        await(server("127.0.0.1", 7001).start());
        await(server("127.0.0.1", 7002).start());
        assertThat(stored("/registry/core/endpoints/default/kubernetes")).contains(
                "[{\"addresses\":[{\"ip\":\"127.0.0.1\"}],\"ports\":[{\"name\":\"https\",\"port\":7001,\"protocol\":\"TCP\"}]},"
                        + "{\"addresses\":[{\"ip\":\"127.0.0.1\"}],\"ports\":[{\"name\":\"https\",\"port\":7002,\"protocol\":\"TCP\"}]}]");
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
