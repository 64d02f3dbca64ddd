package io.k3j.apiserver.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.rest.ApiError;
import io.k3j.apiserver.rest.ApiErrors;
import io.k3j.apiserver.rest.CachedReads;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.rest.ListSource;
import io.k3j.apiserver.rest.Selectors;
import io.k3j.apiserver.rest.WatchFilter;
import io.k3j.apiserver.watchcache.CachedObject;
import io.k3j.auth.UserInfo;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Paths;
import io.k3j.client.Watch;
import io.k3j.client.WriteOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link KubeClient} for the server's own components that reads from the API server's watch cache in-process: get,
 * list and watch are authorized as the component's identity by the server's authorizer (as its client certificate
 * would be, once per call) and answered with the cache's shared trees, with no JSON and no TLS in between. Reads
 * the cache cannot answer as HTTP would (paginated and exact-revision lists, watches older than the cache's window)
 * and every write go to {@code remote}, the component's HTTPS client, so writes still pass authentication,
 * admission and optimistic concurrency on the wire.
 *
 * <p>Trees are shared ({@link #sharesObjects()}): callers copy before they change one. Futures complete, and watch
 * events arrive, on the caller's context (the client's own for callers outside Vert.x).
 */
final class LocalKubeClient implements KubeClient {

    private static final Logger LOG = Logger.getLogger(LocalKubeClient.class.getName());

    private final LocalApi api;
    private final UserInfo user;
    private final KubeClient remote;
    private final Vertx vertx;
    private final Context home;

    LocalKubeClient(Vertx vertx, LocalApi api, UserInfo user, KubeClient remote) {
        this.vertx = vertx;
        this.api = api;
        this.user = user;
        this.remote = remote;
        this.home = vertx.getOrCreateContext();
    }

    @Override
    public boolean sharesObjects() {
        return true;
    }

    @Override
    public Future<ObjectNode> get(GroupVersionResource r, String namespace, String name) {
        RequestInfo info = RequestInfo.parse(HttpMethod.GET, Paths.object(r, namespace, name, ""), false);
        return onCacheLoop(() -> {
            authorize(info, "");
            ResourceDescriptor d = api.reads().resolve(info);
            return api.reads().get(d, scoped(d, info), name).map(o -> shared(d, o));
        });
    }

    @Override
    public Future<ObjectNode> list(GroupVersionResource r, String namespace, ListOptions options) {
        RequestInfo info = RequestInfo.parse(HttpMethod.GET, Paths.collection(r, namespace), false);
        // null: a list the store answers (pages, exact revisions), which the HTTP path serves.
        Future<ObjectNode> local = onCacheLoop(() -> {
            authorize(info, options.fieldSelector());
            ResourceDescriptor d = api.reads().resolve(info);
            Selectors selectors = Selectors.parse(options.labelSelector(), options.fieldSelector(), d);
            ListSource source = ListSource.of(options.resourceVersion(), null,
                    options.limit() > 0 ? String.valueOf(options.limit()) : null, options.continueToken());
            if (!source.fromCache()) {
                return Future.succeededFuture(null);
            }
            return api.reads().list(d, scoped(d, info), selectors, source.minRevision()).map(m -> {
                ObjectNode list = Json.MAPPER.createObjectNode();
                list.put("kind", d.listKind());
                list.put("apiVersion", d.groupVersionResource().apiVersion());
                list.putObject("metadata").put("resourceVersion", String.valueOf(m.revision()));
                ArrayNode items = list.putArray("items");
                for (CachedObject o : m.objects()) {
                    items.add(shared(d, o));
                }
                return list;
            });
        });
        return local.compose(l -> l != null ? Future.succeededFuture(l) : remote.list(r, namespace, options));
    }

    @Override
    public Future<Watch> watch(GroupVersionResource r, String namespace, ListOptions options, WatchHandler handler) {
        RequestInfo info = RequestInfo.parse(HttpMethod.GET, Paths.collection(r, namespace), true);
        Context consumer = callerContext();
        Promise<Watch> result = Promise.promise();
        api.cacheLoop().runOnContext(v -> {
            try {
                authorize(info, options.fieldSelector());
                ResourceDescriptor d = api.reads().resolve(info);
                WatchFilter filter = new WatchFilter("", Selectors.parse(options.labelSelector(), options.fieldSelector(), d));
                long from = CachedReads.watchRevision(options.resourceVersion());
                LocalWatch w = new LocalWatch(vertx, consumer, api.cacheLoop(), handler, d, scoped(d, info), filter,
                        api.reads(), api.guard());
                api.reads().watch(d, from, w).onComplete(ar -> {
                    if (ar.failed()) {
                        fail(consumer, result, ar.cause());
                    } else if (ar.result().tooOld()) {
                        // Older than the cache's window: the store's history serves it (or answers 410), as over HTTP.
                        LOG.log(Level.FINE, "in-process watch older than the cache's window; over HTTP",
                                new Object[]{"resource", r.toString(), "resourceVersion", options.resourceVersion()});
                        consumer.runOnContext(x -> remote.watch(r, namespace, options, handler).onComplete(result));
                    } else {
                        // The handle first: the consumer's queue then holds it ahead of the first events.
                        consumer.runOnContext(x -> result.complete(w));
                        w.begin(ar.result(), timeout(options.timeoutSeconds()), options.allowWatchBookmarks());
                    }
                });
            } catch (RuntimeException e) {
                fail(consumer, result, e);
            }
        });
        return result.future();
    }

    /** Authorization as the HTTP filter decides it, for this client's user. */
    private void authorize(RequestInfo info, String fieldSelector) {
        JsonObject refusal = api.authorization().refusal(user, info, fieldSelector).orElse(null);
        if (refusal != null) {
            throw new ApiError(refusal.getInteger("code"), refusal.getString("reason"), refusal.getString("message"),
                    refusal.getJsonObject("details"));
        }
    }

    /** The shared tree (or a converted copy) of {@code o}, noted by the guard. Cache loop. */
    private ObjectNode shared(ResourceDescriptor d, CachedObject o) {
        ObjectNode tree = CachedReads.served(o, d);
        api.guard().handedOut(d, o, tree);
        return tree;
    }

    /** The namespace a resource request reads: none for cluster-scoped resources (a Namespace's path names itself). */
    private static String scoped(ResourceDescriptor d, RequestInfo info) {
        return d.namespaced() ? info.namespace() : "";
    }

    /** Runs {@code read} on the cache's event loop; its outcome reaches the caller's context. */
    private <T> Future<T> onCacheLoop(Supplier<Future<T>> read) {
        Context caller = callerContext();
        Promise<T> result = Promise.promise();
        api.cacheLoop().runOnContext(v -> {
            Future<T> f;
            try {
                f = read.get();
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                if (ar.succeeded()) {
                    caller.runOnContext(x -> result.complete(ar.result()));
                } else {
                    fail(caller, result, ar.cause());
                }
            });
        });
        return result.future();
    }

    private Context callerContext() {
        Context c = Vertx.currentContext();
        return c != null ? c : home;
    }

    private static <T> void fail(Context caller, Promise<T> result, Throwable e) {
        KubeApiException k = toClient(e);
        caller.runOnContext(x -> result.fail(k));
    }

    /** The failure as an HTTP client sees it: the Status the server would have answered. */
    static KubeApiException toClient(Throwable e) {
        if (e instanceof KubeApiException k) {
            return k;
        }
        ApiError err = ApiErrors.from(e);
        JsonObject status = err.toStatus();
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(status.encode());
        } catch (IOException impossible) {
            tree = null;
        }
        return new KubeApiException(err.code(), err.reason(), err.getMessage(), tree);
    }


    /** As the API server: 0 means its default, between 30 and 60 minutes. */
    private static long timeout(long seconds) {
        return seconds > 0 ? seconds : 1800 + ThreadLocalRandom.current().nextLong(1800);
    }

    // Writes and everything else go over HTTPS.

    @Override
    public Future<ObjectNode> create(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        return remote.create(r, namespace, obj, options);
    }

    @Override
    public Future<ObjectNode> createSubresource(GroupVersionResource r, String namespace, String name, String subresource,
                                                ObjectNode body, WriteOptions options) {
        return remote.createSubresource(r, namespace, name, subresource, body, options);
    }

    @Override
    public Future<ObjectNode> update(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        return remote.update(r, namespace, obj, options);
    }

    @Override
    public Future<ObjectNode> updateStatus(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        return remote.updateStatus(r, namespace, obj, options);
    }

    @Override
    public Future<ObjectNode> updateSubresource(GroupVersionResource r, String namespace, ObjectNode obj,
                                                String subresource, WriteOptions options) {
        return remote.updateSubresource(r, namespace, obj, subresource, options);
    }

    @Override
    public Future<ObjectNode> patch(GroupVersionResource r, String namespace, String name, PatchType type, String body,
                                    String subresource, WriteOptions options) {
        return remote.patch(r, namespace, name, type, body, subresource, options);
    }

    @Override
    public Future<ObjectNode> apply(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        return remote.apply(r, namespace, obj, options);
    }

    @Override
    public Future<JsonNode> delete(GroupVersionResource r, String namespace, String name, DeleteOptions options) {
        return remote.delete(r, namespace, name, options);
    }

    @Override
    public Future<JsonNode> deleteCollection(GroupVersionResource r, String namespace, ListOptions selectors,
                                             DeleteOptions options) {
        return remote.deleteCollection(r, namespace, selectors, options);
    }

    @Override
    public Future<JsonNode> getPath(String path) {
        return remote.getPath(path);
    }

    @Override
    public void close() {
        remote.close();
    }
}
