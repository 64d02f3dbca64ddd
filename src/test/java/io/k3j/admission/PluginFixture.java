package io.k3j.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.UserInfo;
import io.k3j.store.EventBatchCodec;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.memory.MemoryStoreFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every plugin test needs: a Vert.x, an in-memory store (for the plugins' live reads), a fake watch cache, an
 * environment over them, and requests built from JSON. Close it after the test.
 */
public final class PluginFixture implements AutoCloseable {

    public final Vertx vertx = Vertx.vertx();
    public final FakeLookup lookup = new FakeLookup();
    public final Store store;
    public final AdmissionEnv env;

    public PluginFixture(Path dir) {
        this(dir, Clock.systemUTC());
    }

    public PluginFixture(Path dir, Clock clock) {
        EventBatchCodec.register(vertx);
        store = await(new MemoryStoreFactory().open(vertx, StoreOptions.defaults(dir).withEndpoint("memory://"),
                new SimpleMeterRegistry()));
        env = new AdmissionEnv(vertx, lookup, () -> store, Map.of(), clock);
    }

    /** Writes an object to the store only (what the watch cache has not seen yet). */
    public void store(String key, String json) {
        await(store.create(key, json.getBytes(StandardCharsets.UTF_8)));
    }

    public static ObjectNode json(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    public static AdmissionRequest create(String group, String resource, String kind, String namespace, String json) {
        ObjectNode obj = json(json);
        return new AdmissionRequest(Operation.CREATE, group, "v1", resource, "", kind, namespace,
                obj.path("metadata").path("name").asText(""), obj, null, null, user(), false);
    }

    public static AdmissionRequest update(String group, String resource, String kind, String namespace,
                                          String json, String oldJson) {
        ObjectNode obj = json(json);
        return new AdmissionRequest(Operation.UPDATE, group, "v1", resource, "", kind, namespace,
                obj.path("metadata").path("name").asText(""), obj, json(oldJson), null, user(), false);
    }

    public static AdmissionRequest delete(String group, String resource, String kind, String namespace, String name) {
        return new AdmissionRequest(Operation.DELETE, group, "v1", resource, "", kind, namespace, name, null, null,
                null, user(), false);
    }

    public static AdmissionRequest pod(String namespace, String json) {
        return create("", "pods", "Pod", namespace, json);
    }

    static UserInfo user() {
        return new UserInfo("alice", List.of("system:authenticated"));
    }

    /** Runs the mutating step then the validating step, as the chain does for one plugin. */
    public static void admit(AdmissionPlugin plugin, AdmissionRequest r) {
        AdmissionChain chain = new AdmissionChain(List.of(plugin));
        await(chain.admit(r).compose(v -> chain.validate(r)));
    }

    /** The refusal of {@link #admit}; fails the test when the request is admitted. */
    public static RuntimeException refusal(AdmissionPlugin plugin, AdmissionRequest r) {
        AdmissionChain chain = new AdmissionChain(List.of(plugin));
        Throwable t = failure(chain.admit(r).compose(v -> chain.validate(r)));
        assertThat(t).isInstanceOf(RuntimeException.class);
        return (RuntimeException) t;
    }

    /** An AdmissionDenied refusal with its code and message. */
    public static void assertDenied(RuntimeException e, int code, String message) {
        assertThat(e).isInstanceOf(AdmissionDenied.class);
        assertThat(((AdmissionDenied) e).code()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    public static Future<Void> none() {
        return Future.succeededFuture();
    }

    @Override
    public void close() {
        store.close();
        await(vertx.close());
    }
}
