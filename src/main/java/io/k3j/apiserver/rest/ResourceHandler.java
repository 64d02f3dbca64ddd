package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.proto.ProtobufBody;
import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.defaults.Defaulting;
import io.k3j.apiserver.openapi.OpenApiV3;
import io.k3j.admission.AdmissionChain;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.auth.audit.AuditContext;
import io.k3j.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Supplier;

/**
 * The REST verbs on stored resources, for every resource in the catalog: resolves the resource,
 * checks the verb and subresource, and hands the request to the read or write side (or the watch
 * stream). Objects stay Jackson trees; the store holds their JSON bytes and hands out revisions
 * that become resourceVersions.
 */
public final class ResourceHandler {

    private final Supplier<Store> store;
    private final ResourceCatalog catalog;
    private final ReadHandler reads;
    private final WriteHandler writes;
    private final PodBinding bindings;
    private final PodEviction evictions;
    private final WatchCache cache;
    private final List<ComputedResource> computed;

    public ResourceHandler(Vertx vertx, Supplier<Store> store, WatchCache cache, ResourceCatalog catalog, OpenApiV3 openApi) {
        this(vertx, store, cache, catalog, openApi, EscalationCheck.NONE, List.of(), AdmissionChain.NONE);
    }

    /**
     * @param escalation asked on every write of roles, cluster roles and their bindings
     * @param computed   create-only resources answered per request, never stored (the authorization reviews)
     * @param admission  the admission plugins every write passes
     */
    public ResourceHandler(Vertx vertx, Supplier<Store> store, WatchCache cache, ResourceCatalog catalog, OpenApiV3 openApi,
                           EscalationCheck escalation, List<ComputedResource> computed, AdmissionChain admission) {
        this(vertx, store, cache, catalog, openApi, escalation, computed, admission, new Defaulting());
    }

    /** @param defaulting the built-in kinds' defaults, applied to every object written */
    public ResourceHandler(Vertx vertx, Supplier<Store> store, WatchCache cache, ResourceCatalog catalog, OpenApiV3 openApi,
                           EscalationCheck escalation, List<ComputedResource> computed, AdmissionChain admission,
                           Defaulting defaulting) {
        this(vertx, store, cache, catalog, openApi, escalation, computed, admission, defaulting, WriteHooks.NONE);
    }

    /** @param hooks what writes of some kinds allocate and release (a Service's cluster IPs and node ports) */
    public ResourceHandler(Vertx vertx, Supplier<Store> store, WatchCache cache, ResourceCatalog catalog, OpenApiV3 openApi,
                           EscalationCheck escalation, List<ComputedResource> computed, AdmissionChain admission,
                           Defaulting defaulting, WriteHooks hooks) {
        this.store = store;
        this.cache = cache;
        this.catalog = catalog;
        this.reads = new ReadHandler(store, new CachedReads(catalog, cache));
        this.writes = new WriteHandler(store, catalog, new FieldValidation(vertx, openApi), escalation,
                new Admission(admission), defaulting, hooks);
        this.bindings = new PodBinding(store, catalog, writes.admission());
        this.evictions = new PodEviction(store, catalog, writes);
        this.computed = List.copyOf(computed);
    }

    public void handle(RoutingContext ctx, RequestInfo info) {
        if (ProtobufBody.isProtobuf(ctx.request().getHeader("Content-Type")) && !protobufReady(ctx).isComplete()) {
            protobufReady(ctx).onComplete(ar -> dispatch(ctx, info));
            return;
        }
        dispatch(ctx, info);
    }

    private Future<Void> protobufReady;

    /**
     * Protobuf schemas load on first use (about half a second), on a worker thread: an idle server
     * and JSON-only clients never pay for them. Event-loop confined, so no lock.
     */
    private Future<Void> protobufReady(RoutingContext ctx) {
        if (protobufReady == null) {
            protobufReady = ctx.vertx().executeBlocking(() -> {
                ProtobufBody.prepare();
                return null;
            }, false);
        }
        return protobufReady;
    }

    private void dispatch(RoutingContext ctx, RequestInfo info) {
        Future<?> done;
        try {
            ResourceDescriptor d = catalog.find(info.apiGroup(), info.apiVersion(), info.resource())
                    .orElseThrow(ResourceHandler::notFound);
            if (isBinding(info) && !info.namespace().isEmpty()) {
                done = bindings.bind(new RestRequest(ctx, info, d, info.namespace()));
                done.onFailure(e -> fail(ctx, e));
                return;
            }
            if (isEviction(info) && !info.namespace().isEmpty()) {
                done = evictions.evict(new RestRequest(ctx, info, d, info.namespace()));
                done.onFailure(e -> fail(ctx, e));
                return;
            }
            ComputedResource review = computedFor(info);
            if (review != null) {
                RestRequest r = new RestRequest(ctx, info, d, namespaceOf(info, d));
                ObjectNode body = r.body();
                r.checkTypeAndNamespace(body);
                done = review.create(ctx, info, body).map(out -> {
                    send(ctx, 201, out);
                    return null;
                });
                done.onFailure(e -> fail(ctx, e));
                return;
            }
            if (isFinalize(info, d)) {
                done = writes.finalizeNamespace(new RestRequest(ctx, info, d, ""));
                done.onFailure(e -> fail(ctx, e));
                return;
            }
            checkServed(d, info);
            if (d.isCustom()) {
                customResourceChecks(ctx, info, d);
            }
            RestRequest r = new RestRequest(ctx, info, d, namespaceOf(info, d));
            done = switch (info.verb()) {
                case "get" -> reads.get(r);
                case "list" -> reads.list(r);
                case "watch" -> WatchStream.start(ctx, store.get(), cache, r.d(), r.namespace(), info.name(), r.selectors(), r.tables(),
                        ctx.request().getParam("resourceVersion"), ctx.request().getParam("timeoutSeconds"),
                        "true".equals(ctx.request().getParam("allowWatchBookmarks")));
                case "create" -> writes.create(r);
                case "update" -> writes.update(r);
                case "patch" -> writes.patch(r);
                case "delete" -> writes.delete(r);
                case "deletecollection" -> writes.deleteCollection(r);
                default -> throw ApiError.methodNotSupported(d.resource(), d.group(), info.verb());
            };
        } catch (RuntimeException | StackOverflowError e) {
            done = Future.failedFuture(e);
        }
        done.onFailure(e -> fail(ctx, e));
    }

    /**
     * What every plain verb on a stored resource passes before it runs: the subresource is served, the scope fits,
     * the resource is stored and supports the verb. In-process reads ({@link CachedReads#resolve}) pass it too.
     */
    static void checkServed(ResourceDescriptor d, RequestInfo info) {
        if (!info.subresource().isEmpty() && !((info.subresource().equals("status") || info.subresource().equals("scale")
                || info.subresource().equals("approval") && CsrStrategy.handles(d))
                && d.subresource(info.subresource()).isPresent())) {
            throw notFound();
        }
        if (!d.namespaced() && !info.namespace().isEmpty() && !d.resource().equals("namespaces")) {
            throw notFound();
        }
        if (!d.storage() || d.readOnly() && !info.verb().matches("get|list|watch")) {
            throw ApiError.methodNotSupported(d.resource(), d.group(), info.verb());
        }
        if (!d.supports(info.verb())) {
            throw ApiError.methodNotSupported(d.resource(), d.group(), info.verb());
        }
    }

    /** The answer for a path that names no served resource. */
    static ApiError notFound() {
        return new ApiError(404, "NotFound", "the server could not find the requested resource", null);
    }

    /** A deprecated CRD version warns on every request; a terminating CRD takes no new objects. */
    private static void customResourceChecks(RoutingContext ctx, RequestInfo info, ResourceDescriptor d) {
        String warning = d.custom().deprecationWarning();
        if (warning != null) {
            ctx.response().headers().add("Warning", "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        if (d.custom().terminating() && info.verb().equals("create")) {
            io.vertx.core.json.JsonObject details = new io.vertx.core.json.JsonObject().put("group", d.group())
                    .put("kind", d.resource());
            throw new ApiError(405, "MethodNotAllowed", "create not allowed while custom resource definition is terminating",
                    details);
        }
    }

    private ComputedResource computedFor(RequestInfo info) {
        for (ComputedResource c : computed) {
            if (c.handles(info)) {
                return c;
            }
        }
        return null;
    }

    /** POST pods/<name>/binding, or POST to the bindings collection (the older form). */
    private static boolean isBinding(RequestInfo info) {
        return info.apiGroup().isEmpty() && info.verb().equals("create")
                && (info.resource().equals("bindings") && info.subresource().isEmpty()
                || info.resource().equals("pods") && info.subresource().equals("binding"));
    }

    /** POST pods/<name>/eviction. */
    private static boolean isEviction(RequestInfo info) {
        return info.apiGroup().isEmpty() && info.verb().equals("create") && info.resource().equals("pods")
                && info.subresource().equals("eviction");
    }

    /** PUT namespaces/{name}/finalize. */
    private static boolean isFinalize(RequestInfo info, ResourceDescriptor d) {
        return d.group().isEmpty() && d.resource().equals("namespaces") && info.subresource().equals("finalize")
                && info.verb().equals("update");
    }

    /** Cluster-scoped resources have no namespace; the Namespace object's "namespace" is its name. */
    private static String namespaceOf(RequestInfo info, ResourceDescriptor d) {
        return d.namespaced() ? info.namespace() : "";
    }

    static void send(RoutingContext ctx, int code, JsonNode body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.put(AuditContext.RESPONSE_OBJECT, body);
        ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(Json.bytes(body)));
    }

    static void fail(RoutingContext ctx, Throwable e) {
        ApiError err = ApiErrors.from(e);
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().end(); // a stream already started: end it, the client resumes from what it saw
            return;
        }
        io.vertx.core.json.JsonObject status = err.toStatus();
        ctx.put(AuditContext.RESPONSE_OBJECT, status);
        ctx.response().setStatusCode(err.code()).putHeader("Content-Type", "application/json").end(status.encode());
    }
}
