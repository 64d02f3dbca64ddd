package io.k3j.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.pki.PemKeyCert;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.parsetools.RecordParser;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * {@link KubeClient} over HTTPS (HTTP/2, multiplexed): what agents on other machines use, and what the server's own
 * components use over loopback with their client certificates, so their requests pass authentication,
 * authorization and admission exactly as kubectl's do (as kube-controller-manager talks to kube-apiserver).
 * Answers are always JSON. Thread-safe; futures complete on the caller's Vert.x context.
 */
public final class HttpKubeClient implements KubeClient, AutoCloseable {

    /** Compact trees: informers keep what this client reads for as long as the objects exist. */
    private static final ObjectMapper MAPPER = io.k3j.api.json.CompactNodes.mapper();
    private static final int MAX_CONNECTIONS = 256;
    /** Requests (not watches) in flight at once; the rest queue in the client (see {@link RequestGate}). */
    private static final int MAX_CONCURRENT_REQUESTS = 32;
    /** A request with no answer for this long fails (and its caller retries) instead of stalling its caller for good. */
    private static final long REQUEST_IDLE_TIMEOUT_MS = 30_000;
    /** Watches with bookmarks hear from the server at least every minute; silence beyond this is a dead connection. */
    private static final long WATCH_IDLE_TIMEOUT_MS = 150_000;

    private final HttpClient http;
    private final RequestGate gate = new RequestGate(MAX_CONCURRENT_REQUESTS);
    private final KubeClientConfig config;
    /** Where calls from threads outside Vert.x run, so their callbacks never depend on the calling thread. */
    private final io.vertx.core.Context home;

    public HttpKubeClient(Vertx vertx, KubeClientConfig config) {
        this.config = config;
        this.home = vertx.getOrCreateContext();
        URI uri = URI.create(config.server());
        // HTTP/1.1: with HTTP/2 we saw requests that never left this client (Vert.x 5.0.7, a long-lived connection,
        // a few requests per second); with HTTP/1.1 we did not. A lost request stalls a controller for good, so we
        // trade multiplexing for connections, which are cheap on loopback.
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(true)
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort() > 0 ? uri.getPort() : 443)
                .setTrustOptions(new PemTrustOptions().addCertPath(config.caFile().toString()))
                .setKeepAlive(true)
                .setKeepAliveTimeout(120);
        if (config.certFile() != null) {
            options.setKeyCertOptions(new PemKeyCert(config.certFile(), config.keyFile()));
        }
        // Each watch holds a connection for its lifetime; requests beside them use at most MAX_CONCURRENT_REQUESTS.
        this.http = vertx.httpClientBuilder().with(options).with(new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS)
                .setMaxWaitQueueSize(10_000)).build();
    }

    @Override
    public Future<ObjectNode> get(GroupVersionResource r, String namespace, String name) {
        return object(HttpMethod.GET, Paths.object(r, namespace, name, ""), null, null);
    }

    @Override
    public Future<ObjectNode> list(GroupVersionResource r, String namespace, ListOptions options) {
        return object(HttpMethod.GET, Paths.collection(r, namespace) + query(options, false), null, null);
    }

    @Override
    public Future<ObjectNode> create(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        return object(HttpMethod.POST, Paths.collection(r, namespace) + writeQuery(options), "application/json",
                obj.toString());
    }

    @Override
    public Future<ObjectNode> createSubresource(GroupVersionResource r, String namespace, String name, String subresource,
                                                ObjectNode body, WriteOptions options) {
        return object(HttpMethod.POST, Paths.object(r, namespace, name, subresource) + writeQuery(options),
                "application/json", body.toString());
    }

    @Override
    public Future<ObjectNode> update(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        return object(HttpMethod.PUT, Paths.object(r, namespace, nameOf(obj), "") + writeQuery(options),
                "application/json", obj.toString());
    }

    @Override
    public Future<ObjectNode> updateStatus(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        return object(HttpMethod.PUT, Paths.object(r, namespace, nameOf(obj), "status") + writeQuery(options),
                "application/json", obj.toString());
    }

    @Override
    public Future<ObjectNode> updateSubresource(GroupVersionResource r, String namespace, ObjectNode obj,
                                                String subresource, WriteOptions options) {
        return object(HttpMethod.PUT, Paths.object(r, namespace, nameOf(obj), subresource) + writeQuery(options),
                "application/json", obj.toString());
    }

    @Override
    public Future<ObjectNode> patch(GroupVersionResource r, String namespace, String name, PatchType type, String body,
                                    String subresource, WriteOptions options) {
        return object(HttpMethod.PATCH, Paths.object(r, namespace, name, subresource) + writeQuery(options),
                type.contentType(), body);
    }

    @Override
    public Future<JsonNode> delete(GroupVersionResource r, String namespace, String name, DeleteOptions options) {
        return send(HttpMethod.DELETE, Paths.object(r, namespace, name, ""), "application/json", deleteBody(options).toString());
    }

    private static ObjectNode deleteBody(DeleteOptions options) {
        ObjectNode body = MAPPER.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1");
        if (!options.propagationPolicy().isEmpty()) {
            body.put("propagationPolicy", options.propagationPolicy());
        }
        if (options.gracePeriodSeconds() != null) {
            body.put("gracePeriodSeconds", options.gracePeriodSeconds());
        }
        if (!options.preconditionUid().isEmpty() || !options.preconditionResourceVersion().isEmpty()) {
            ObjectNode pre = body.putObject("preconditions");
            if (!options.preconditionUid().isEmpty()) {
                pre.put("uid", options.preconditionUid());
            }
            if (!options.preconditionResourceVersion().isEmpty()) {
                pre.put("resourceVersion", options.preconditionResourceVersion());
            }
        }
        return body;
    }

    @Override
    public Future<JsonNode> deleteCollection(GroupVersionResource r, String namespace, ListOptions selectors,
                                             DeleteOptions options) {
        return send(HttpMethod.DELETE, Paths.collection(r, namespace) + query(selectors, false), "application/json",
                deleteBody(options).toString());
    }

    @Override
    public Future<JsonNode> getPath(String path) {
        return send(HttpMethod.GET, path, null, null);
    }

    @Override
    public Future<Watch> watch(GroupVersionResource r, String namespace, ListOptions options, WatchHandler handler) {
        String uri = Paths.collection(r, namespace) + query(options, true);
        RequestOptions ro = requestOptions(HttpMethod.GET, uri, null)
                .setIdleTimeout(options.allowWatchBookmarks() ? WATCH_IDLE_TIMEOUT_MS : 0);
        return onVertx(() -> http.request(ro).compose(req -> req.send()).compose(resp -> {
            if (resp.statusCode() != 200) {
                return resp.body().compose(b -> Future.failedFuture(error(resp.statusCode(), b)));
            }
            return Future.succeededFuture(new StreamWatch(resp, handler));
        }));
    }

    /** One watch response: newline-delimited JSON events parsed as they arrive. */
    private static final class StreamWatch implements Watch {
        private final Promise<Void> closed = Promise.promise();
        private final HttpClientResponse resp;
        private volatile boolean cancelled;

        StreamWatch(HttpClientResponse resp, WatchHandler handler) {
            this.resp = resp;
            RecordParser lines = RecordParser.newDelimited("\n", line -> {
                if (cancelled || line.length() == 0) {
                    return;
                }
                try {
                    JsonNode ev = MAPPER.readTree(line.getBytes());
                    String type = ev.path("type").asText();
                    JsonNode obj = ev.path("object");
                    if (type.equals("ERROR")) {
                        closed.tryFail(new KubeApiException(obj.path("code").asInt(500), obj.path("reason").asText(""),
                                obj.path("message").asText(""), obj));
                        resp.request().reset();
                        return;
                    }
                    if (obj instanceof ObjectNode o) {
                        handler.onEvent(new WatchEvent(WatchEvent.Type.valueOf(type), o));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    closed.tryFail(new KubeApiException(0, "", "malformed watch event: " + e.getMessage(), null));
                    resp.request().reset();
                }
            });
            resp.handler(lines);
            resp.endHandler(v -> closed.tryComplete());
            resp.exceptionHandler(e -> {
                if (cancelled) {
                    closed.tryComplete();
                } else {
                    closed.tryFail(e);
                }
            });
        }

        @Override
        public void cancel() {
            cancelled = true;
            closed.tryComplete();
            resp.request().reset();
        }

        @Override
        public Future<Void> closed() {
            return closed.future();
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private Future<ObjectNode> object(HttpMethod method, String uri, String contentType, String body) {
        return send(method, uri, contentType, body).map(n -> n instanceof ObjectNode o ? o : MAPPER.createObjectNode());
    }

    private Future<JsonNode> send(HttpMethod method, String uri, String contentType, String body) {
        return onVertx(() -> gate.submit(() -> doSend(method, uri, contentType, body)));
    }

    /**
     * Runs {@code op} on the caller's Vert.x context, or on the client's own when called from elsewhere (a test or
     * CLI thread): a request issued from a plain thread was seen to never complete.
     */
    private <T> Future<T> onVertx(java.util.function.Supplier<Future<T>> op) {
        if (io.vertx.core.Vertx.currentContext() != null) {
            return op.get();
        }
        io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
        home.runOnContext(v -> op.get().onComplete(p));
        return p.future();
    }

    private Future<JsonNode> doSend(HttpMethod method, String uri, String contentType, String body) {
        RequestOptions ro = requestOptions(method, uri, contentType);
        return http.request(ro)
                .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().compose(b -> {
                    if (resp.statusCode() / 100 != 2) {
                        return Future.failedFuture(error(resp.statusCode(), b));
                    }
                    var ctx = io.vertx.core.Vertx.currentContext();
                    if (b.length() > LARGE_BODY_BYTES && ctx != null) {
                        // A list of thousands of objects takes a second to parse on a small box: not on the loop.
                        return ctx.executeBlocking(() -> parse(b), false);
                    }
                    return Future.succeededFuture(parse(b));
                }))
                .recover(e -> Future.failedFuture(e instanceof KubeApiException ? e
                        : new KubeApiException(0, "", method + " " + uri + ": " + e.getMessage(), null)));
    }

    private RequestOptions requestOptions(HttpMethod method, String uri, String contentType) {
        RequestOptions ro = new RequestOptions().setMethod(method).setURI(uri).setIdleTimeout(REQUEST_IDLE_TIMEOUT_MS)
                .putHeader("Accept", "application/json")
                .putHeader("User-Agent", config.userAgent());
        if (contentType != null) {
            ro.putHeader("Content-Type", contentType);
        }
        if (config.bearerToken() != null) {
            ro.putHeader("Authorization", "Bearer " + config.bearerToken());
        }
        return ro;
    }

    private static final int LARGE_BODY_BYTES = 1 << 20;

    private static JsonNode parse(Buffer b) {
        try {
            return b.length() == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(b.getBytes());
        } catch (IOException e) {
            throw new KubeApiException(0, "", "malformed response: " + e.getMessage(), null);
        }
    }

    private static KubeApiException error(int code, Buffer b) {
        try {
            JsonNode s = MAPPER.readTree(b.getBytes());
            if (s != null && "Status".equals(s.path("kind").asText())) {
                return new KubeApiException(code, s.path("reason").asText(""), s.path("message").asText(""), s);
            }
        } catch (IOException | RuntimeException ignored) {
            // not a Status: report the code with the raw text
        }
        return new KubeApiException(code, "", b.toString(StandardCharsets.UTF_8), null);
    }

    private static String nameOf(ObjectNode obj) {
        return obj.path("metadata").path("name").asText();
    }

    private static String query(ListOptions o, boolean watch) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        if (watch) {
            q.add("watch=true");
            if (o.allowWatchBookmarks()) {
                q.add("allowWatchBookmarks=true");
            }
            if (o.timeoutSeconds() > 0) {
                q.add("timeoutSeconds=" + o.timeoutSeconds());
            }
        } else {
            if (o.limit() > 0) {
                q.add("limit=" + o.limit());
            }
            if (!o.continueToken().isEmpty()) {
                q.add("continue=" + enc(o.continueToken()));
            }
        }
        if (!o.labelSelector().isEmpty()) {
            q.add("labelSelector=" + enc(o.labelSelector()));
        }
        if (!o.fieldSelector().isEmpty()) {
            q.add("fieldSelector=" + enc(o.fieldSelector()));
        }
        if (!o.resourceVersion().isEmpty()) {
            q.add("resourceVersion=" + enc(o.resourceVersion()));
        }
        return q.toString();
    }

    private static String writeQuery(WriteOptions o) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        if (o.fieldManager() != null && !o.fieldManager().isEmpty()) {
            q.add("fieldManager=" + enc(o.fieldManager()));
        }
        if (o.force()) {
            q.add("force=true");
        }
        if (o.dryRun()) {
            q.add("dryRun=All");
        }
        return q.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
