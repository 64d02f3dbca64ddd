package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionChain;
import io.k3j.api.BuiltinResources;
import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.RequestUser;
import io.k3j.apiserver.openapi.OpenApiV3;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.auth.UserInfo;
import io.k3j.store.EventBatchCodec;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.memory.MemoryStoreFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static io.k3j.store.Await.await;

/**
 * The REST handlers over a memory store and a watch cache, on plain HTTP with a fixed user: for tests of the
 * request path below authentication and authorization.
 */
public final class RestHarness implements AutoCloseable {

    /** Builds the write hooks of the harness's handler from its parts. */
    @FunctionalInterface
    public interface Hooks {
        WriteHooks create(Vertx vertx, Store store, WatchCache cache);
    }

    public final Vertx vertx;
    public final Store store;
    public final WatchCache cache;
    final HttpServer server;
    /** Requests whose routing context ended (what request metrics and audit count on). */
    final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    RestHarness(Path dir, UserInfo user, AdmissionChain admission) {
        this(dir, user, admission, (v, s, c) -> WriteHooks.NONE);
    }

    public RestHarness(Path dir, UserInfo user, AdmissionChain admission, Hooks hooks) {
        vertx = Vertx.vertx();
        EventBatchCodec.register(vertx);
        store = await(new MemoryStoreFactory().open(vertx, StoreOptions.defaults(dir).withEndpoint("memory://"),
                new SimpleMeterRegistry()));
        cache = new WatchCache(vertx, vertx.getOrCreateContext(), () -> store, 64);
        await(cache.start());
        ResourceHandler handler = new ResourceHandler(vertx, () -> store, cache, new ResourceCatalog(BuiltinResources.all()),
                OpenApiV3.build(BuiltinResources.all()), EscalationCheck.NONE, List.of(), admission,
                new io.k3j.apiserver.defaults.Defaulting(), hooks.create(vertx, store, cache));
        Router router = Router.router(vertx);
        BodyHandler body = BodyHandler.create(false);
        router.route().handler(ctx -> {
            io.k3j.apiserver.RequestEnd.add(ctx, ar -> ended.incrementAndGet());
            if (WatchStreams.wantsWebSocket(ctx.request())) {
                ctx.next();
            } else {
                body.handle(ctx);
            }
        });
        router.route().handler(ctx -> {
            ctx.put(RequestUser.KEY, user);
            handler.handle(ctx, RequestInfo.parse(ctx.request().method(), ctx.request().path(),
                    "true".equals(ctx.request().getParam("watch"))));
        });
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    }

    public int port() {
        return server.actualPort();
    }

    public HttpResponse<String> call(String method, String path, String body) {
        return call(method, path, body, "application/json");
    }

    public HttpResponse<String> call(String method, String path, String body, String contentType) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                    .header("Content-Type", contentType);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    @Override
    public void close() {
        await(server.close());
        await(cache.stop());
        store.close();
        await(vertx.close());
    }
}
