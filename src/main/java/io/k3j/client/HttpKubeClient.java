package io.k3j.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.parsetools.RecordParser;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link KubeClient} over HTTPS (HTTP/2, multiplexed): what agents on other machines use, and what the server's own
 * components use over loopback with their client certificates, so their requests pass authentication,
 * authorization and admission exactly as kubectl's do (as kube-controller-manager talks to kube-apiserver).
 * Answers are always JSON. Thread-safe; futures complete on the caller's Vert.x context.
 */
public final class HttpKubeClient implements KubeClient, AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Upper bound for one request (not a watch); a LIST of many thousands of objects still fits easily. */
    private static final long REQUEST_DEADLINE_MS = 15_000;

    private final Vertx vertx;
    private final HttpClient http;
    private final KubeClientConfig config;

    public HttpKubeClient(Vertx vertx, KubeClientConfig config) {
        this.vertx = vertx;
        this.config = config;
        URI uri = URI.create(config.server());
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(true)
                .setUseAlpn(true)
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort() > 0 ? uri.getPort() : 443)
                .setTrustOptions(new PemTrustOptions().addCertPath(config.caFile().toString()))
                .setKeepAlive(true)
                .setHttp2KeepAliveTimeout(600)
                .setHttp2MultiplexingLimit(200);
        if (config.certFile() != null) {
            options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.certFile().toString())
                    .setKeyPath(config.keyFile().toString()));
        }
        // Watches hold streams open for their lifetime; a few connections keep them from starving requests.
        this.http = vertx.httpClientBuilder().with(options).with(new PoolOptions().setHttp2MaxSize(4)).build();
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
        return http.request(requestOptions(HttpMethod.GET, uri, null)).compose(req -> req.send()).compose(resp -> {
            if (resp.statusCode() != 200) {
                return resp.body().compose(b -> Future.failedFuture(error(resp.statusCode(), b)));
            }
            return Future.succeededFuture(new StreamWatch(resp, handler));
        });
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
        // Every request (not a watch) ends within a deadline, with a connection failure (code 0) if nothing else: now
        // and then an HTTP/2 exchange is never answered while watches are open (about 1 in 300-1500 in a tight loop;
        // not seen over HTTP/1.1 nor without watches; Vert.x's own idle timeout does not fire for it), and a caller
        // such as a work queue would otherwise wait on it for good. A timer, so it holds whatever the cause.
        RequestOptions ro = requestOptions(method, uri, contentType);
        Promise<JsonNode> result = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long deadline = vertx.setTimer(REQUEST_DEADLINE_MS, t -> {
            if (result.tryFail(new KubeApiException(0, "", method + " " + uri + ": no answer within "
                    + REQUEST_DEADLINE_MS / 1000 + " s", null)) && sent.get() != null) {
                sent.get().reset(); // frees the stream
            }
        });
        http.request(ro)
                .compose(req -> {
                    sent.set(req);
                    return body == null ? req.send() : req.send(Buffer.buffer(body));
                })
                .compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() / 100 != 2) {
                        throw error(resp.statusCode(), b);
                    }
                    return parse(b);
                }))
                .onComplete(ar -> {
                    vertx.cancelTimer(deadline);
                    if (ar.succeeded()) {
                        result.tryComplete(ar.result());
                    } else {
                        Throwable e = ar.cause();
                        result.tryFail(e instanceof KubeApiException ? e
                                : new KubeApiException(0, "", method + " " + uri + ": " + e.getMessage(), null));
                    }
                });
        return result.future();
    }

    private RequestOptions requestOptions(HttpMethod method, String uri, String contentType) {
        RequestOptions ro = new RequestOptions().setMethod(method).setURI(uri)
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
