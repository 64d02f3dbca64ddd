package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.proto.ProtobufBody;
import io.k3j.api.proto.ProtobufBodyException;
import io.k3j.api.patch.BuiltinPatchSchema;
import io.k3j.api.patch.JsonPatch;
import io.k3j.api.patch.MergePatch;
import io.k3j.api.patch.ManagedFields;
import io.k3j.api.patch.PatchException;
import io.k3j.api.patch.ServerSideApply;
import io.k3j.api.patch.StrategicMergePatch;
import io.k3j.api.selector.FieldSelector;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.apiserver.RequestInfo;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The REST verbs on stored resources: get, list, watch, create, update, patch, delete and
 * deletecollection, for every resource in the catalog. Objects stay Jackson trees; the store
 * holds their JSON bytes and hands out revisions that become resourceVersions.
 */
public final class ResourceHandler {

    private final Supplier<Store> store;
    private final ResourceCatalog catalog;
    private final BuiltinPatchSchema schema = new BuiltinPatchSchema();
    private final StrategicMergePatch smp = new StrategicMergePatch(schema);
    private final ServerSideApply ssa = new ServerSideApply(schema);
    private final ManagedFields managedFields = new ManagedFields(schema);

    private final FieldValidation validation;

    public ResourceHandler(io.vertx.core.Vertx vertx, Supplier<Store> store, ResourceCatalog catalog,
                           io.k3j.apiserver.openapi.OpenApiV3 openApi) {
        this.store = store;
        this.catalog = catalog;
        this.validation = new FieldValidation(vertx, openApi);
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
                    .orElseThrow(() -> new ApiError(404, "NotFound", "the server could not find the requested resource", null));
            if (!info.subresource().isEmpty() && !((info.subresource().equals("status") || info.subresource().equals("scale"))
                    && d.subresource(info.subresource()).isPresent())) {
                throw new ApiError(404, "NotFound", "the server could not find the requested resource", null);
            }
            if (!d.namespaced() && !info.namespace().isEmpty() && !d.resource().equals("namespaces")) {
                throw new ApiError(404, "NotFound", "the server could not find the requested resource", null);
            }
            if (!d.storage() || d.readOnly() && !info.verb().matches("get|list|watch")) {
                throw ApiError.methodNotSupported(d.resource(), d.group(), info.verb());
            }
            if (!d.supports(info.verb())) {
                throw ApiError.methodNotSupported(d.resource(), d.group(), info.verb());
            }
            Request r = new Request(ctx, info, d, namespaceOf(info, d));
            done = switch (info.verb()) {
                case "get" -> get(r);
                case "list" -> list(r);
                case "watch" -> WatchStream.start(ctx, store.get(), r.d(), r.namespace(), info.name(), selectors(r), tables(r),
                        ctx.request().getParam("resourceVersion"), ctx.request().getParam("timeoutSeconds"),
                        "true".equals(ctx.request().getParam("allowWatchBookmarks")));
                case "create" -> create(r);
                case "update" -> update(r);
                case "patch" -> patch(r);
                case "delete" -> delete(r);
                case "deletecollection" -> deleteCollection(r);
                default -> throw ApiError.methodNotSupported(d.resource(), d.group(), info.verb());
            };
        } catch (RuntimeException | StackOverflowError e) {
            done = Future.failedFuture(e);
        }
        done.onFailure(e -> fail(ctx, e));
    }

    record Request(RoutingContext ctx, RequestInfo info, ResourceDescriptor d, String namespace) {
        String key() {
            return StorageKeys.key(d, namespace, info.name());
        }

        boolean dryRun() {
            return ctx.queryParam("dryRun").contains("All");
        }

        boolean scale() {
            return info.subresource().equals("scale");
        }

        /** The field manager: ?fieldManager, else the User-Agent's program name, as upstream defaults it. */
        String manager() {
            String m = ctx.request().getParam("fieldManager");
            if (m != null && !m.isEmpty()) {
                return m;
            }
            String ua = ctx.request().getHeader("User-Agent");
            if (ua == null || ua.isBlank()) {
                return "unknown";
            }
            int slash = ua.indexOf('/');
            return (slash > 0 ? ua.substring(0, slash) : ua).trim();
        }
    }

    /** Cluster-scoped resources have no namespace; the Namespace object's "namespace" is its name. */
    private static String namespaceOf(RequestInfo info, ResourceDescriptor d) {
        return d.namespaced() ? info.namespace() : "";
    }

    private Future<?> get(Request r) {
        return store.get().get(r.key()).map(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                throw ApiError.notFound(r.d().resource(), r.d().group(), r.info().name());
            }
            ObjectNode obj = Objects.out(kv, r.d());
            send(r.ctx(), 200, r.scale() ? ScaleSubresource.view(obj)
                    : r.info().subresource().isEmpty() ? tables(r).object(obj) : obj);
            return null;
        });
    }

    private Future<?> list(Request r) {
        Selectors sel = selectors(r);
        TableOutput tables = tables(r);
        ListPager pager = new ListPager(store.get(), r.d(), r.namespace(), sel,
                r.ctx().request().getParam("limit"), r.ctx().request().getParam("continue"),
                r.ctx().request().getParam("resourceVersion"));
        return pager.page().map(page -> {
            ObjectNode list = Json.MAPPER.createObjectNode();
            list.put("kind", r.d().listKind());
            list.put("apiVersion", r.d().groupVersionResource().apiVersion());
            ObjectNode meta = list.putObject("metadata");
            meta.put("resourceVersion", String.valueOf(page.revision()));
            if (page.continueToken() != null) {
                meta.put("continue", page.continueToken());
                if (page.remaining() >= 0) {
                    meta.put("remainingItemCount", page.remaining());
                }
            }
            ArrayNode items = list.putArray("items");
            page.items().forEach(items::add);
            send(r.ctx(), 200, tables.list(list, new ArrayList<>(page.items()), String.valueOf(page.revision()),
                    page.continueToken(), page.remaining() >= 0 ? page.remaining() : null));
            return null;
        });
    }

    private static TableOutput tables(Request r) {
        return TableOutput.of(r.ctx().request().getHeader("Accept"), r.ctx().request().getParam("includeObject"), r.d());
    }

    Selectors selectors(Request r) {
        try {
            LabelSelector labels = LabelSelector.parse(r.ctx().request().getParam("labelSelector", ""));
            FieldSelector fields = FieldSelector.parse(r.ctx().request().getParam("fieldSelector", ""))
                    .forKind(r.d().group(), r.d().kind());
            return new Selectors(labels, fields);
        } catch (SelectorException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private Future<?> create(Request r) {
        ObjectNode obj = body(r);
        checkTypeAndNamespace(r, obj);
        String name = ObjectMetaRules.forCreate(r.d(), obj, r.namespace());
        String key = StorageKeys.key(r.d(), r.namespace(), name);
        if (r.d().subresource("status").isPresent() && !r.d().resource().equals("namespaces")) {
            obj.remove("status"); // status is written through /status, as upstream strategies reset it
        }
        Defaults.apply(r.d(), obj);
        return validation.check(r.ctx(), r.d(), obj).compose(v ->
                storeNew(r, key, name, managedFields.recordUpdate(null, obj, r.manager(), java.time.Instant.now())));
    }

    /** Shared tail of create and apply-create: namespace check, dry run, CAS create. */
    private Future<Void> storeNew(Request r, String key, String name, ObjectNode obj) {
        return namespaceExists(r).<Void>compose(v -> {
            if (r.dryRun()) {
                send(r.ctx(), 201, obj);
                return Future.succeededFuture();
            }
            return store.get().create(key, Json.bytes(obj), Objects.ttl(r.d())).<Void>map(w -> {
                Objects.setResourceVersion(obj, w.revision());
                send(r.ctx(), 201, obj);
                return null;
            }).recover(e -> Future.failedFuture(e instanceof StoreException.KeyExists
                    ? ApiError.alreadyExists(r.d().resource(), r.d().group(), name) : e));
        });
    }

    /** Upstream's NamespaceLifecycle: no new objects in a namespace that does not exist or is terminating. */
    private Future<Void> namespaceExists(Request r) {
        if (!r.d().namespaced()) {
            return Future.succeededFuture();
        }
        ResourceDescriptor ns = catalog.find("", "v1", "namespaces").orElseThrow();
        return store.get().get(StorageKeys.key(ns, "", r.namespace())).compose(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                return Future.failedFuture(ApiError.notFound("namespaces", "", r.namespace()));
            }
            if (Json.stored(kv.value()).path("metadata").has("deletionTimestamp")) {
                return Future.failedFuture(new ApiError(403, "Forbidden", r.d().resource() + " \"" + r.info().name()
                        + "\" is forbidden: unable to create new content in namespace " + r.namespace()
                        + " because it is being terminated", null));
            }
            return Future.succeededFuture();
        });
    }

    private Future<?> update(Request r) {
        if (r.scale()) {
            ObjectNode scale = body(r);
            String rv = scale.path("metadata").path("resourceVersion").asText("");
            return store.get().get(r.key()).compose(res -> {
                KeyValue kv = live(r, res.kv());
                if (!rv.isEmpty() && !rv.equals(String.valueOf(kv.modRevision()))) {
                    throw ApiError.conflict(r.d().resource(), r.d().group(), r.info().name());
                }
                ObjectNode old = Json.stored(kv.value());
                ObjectNode obj = old.deepCopy();
                ScaleSubresource.apply(r.d(), obj, scale);
                return write(r, old, obj, kv.modRevision());
            });
        }
        ObjectNode obj = body(r);
        checkTypeAndNamespace(r, obj);
        String bodyName = ObjectMetaRules.meta(obj).path("name").asText("");
        if (!bodyName.equals(r.info().name())) {
            throw ApiError.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + r.info().name() + ")");
        }
        String rv = ObjectMetaRules.meta(obj).path("resourceVersion").asText("");
        return validation.check(r.ctx(), r.d(), obj).compose(ok -> store.get().get(r.key())).compose(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                throw ApiError.notFound(r.d().resource(), r.d().group(), r.info().name());
            }
            if (!rv.isEmpty() && !rv.equals(String.valueOf(kv.modRevision()))) {
                throw ApiError.conflict(r.d().resource(), r.d().group(), r.info().name());
            }
            return write(r, Json.stored(kv.value()), obj, kv.modRevision());
        });
    }

    private Future<?> patch(Request r) {
        String ct = String.valueOf(r.ctx().request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (ct.startsWith("application/apply-patch+yaml")) {
            return apply(r);
        }
        JsonNode patch = patchBody(r, ct);
        return store.get().get(r.key()).compose(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                throw ApiError.notFound(r.d().resource(), r.d().group(), r.info().name());
            }
            ObjectNode old = Json.stored(kv.value());
            ObjectNode current = old.deepCopy();
            Objects.setResourceVersion(current, kv.modRevision());
            if (r.scale()) {
                current = ScaleSubresource.view(current);
            }
            JsonNode patched;
            try {
                if (ct.startsWith("application/json-patch+json")) {
                    patched = JsonPatch.apply(current, patch);
                } else if (ct.startsWith("application/merge-patch+json")) {
                    patched = MergePatch.applyToObject(current, patch);
                } else if (ct.startsWith("application/strategic-merge-patch+json") && r.scale()) {
                    patched = MergePatch.applyToObject(current, patch); // Scale has no merge keys
                } else if (ct.startsWith("application/strategic-merge-patch+json")) {
                    patched = smp.apply(current, patch, r.d().groupVersionKind());
                } else {
                    throw new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                            + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                            + "application/apply-patch+yaml, application/strategic-merge-patch+json", null);
                }
            } catch (PatchException e) {
                throw ApiError.from(e);
            }
            if (!patched.isObject()) {
                throw ApiError.badRequest("the patch did not produce an object");
            }
            ObjectNode obj = (ObjectNode) patched;
            if (r.scale()) {
                ObjectNode target = old.deepCopy();
                ScaleSubresource.apply(r.d(), target, obj);
                return write(r, old, target, kv.modRevision());
            }
            String rv = ObjectMetaRules.meta(obj).path("resourceVersion").asText("");
            if (!rv.isEmpty() && !rv.equals(String.valueOf(kv.modRevision()))) {
                throw ApiError.conflict(r.d().resource(), r.d().group(), r.info().name());
            }
            return write(r, old, obj, kv.modRevision());
        });
    }

    /** Server-side apply: merge the applied configuration under its manager's ownership; create when absent. */
    private Future<?> apply(Request r) {
        String manager = r.ctx().request().getParam("fieldManager");
        if (manager == null || manager.isEmpty()) {
            throw new ApiError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                    + "is required for apply patch", null);
        }
        boolean force = "true".equals(r.ctx().request().getParam("force"));
        byte[] applyBytes = bodyBytes(r.ctx());
        if (applyBytes == null) {
            throw ApiError.badRequest("the request body is empty");
        }
        ObjectNode config = Json.parseBody(applyBytes, "application/yaml");
        String want = r.d().groupVersionResource().apiVersion();
        String got = config.path("apiVersion").asText("");
        if (!got.equals(want)) {
            throw ApiError.badRequest("Incorrect version specified in apply patch. Specified patch version: " + got
                    + ", expected: " + want);
        }
        String bodyName = ObjectMetaRules.meta(config).path("name").asText("");
        if (!bodyName.isEmpty() && !bodyName.equals(r.info().name())) {
            throw ApiError.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + r.info().name() + ")");
        }
        return validation.check(r.ctx(), r.d(), config).compose(ok -> store.get().get(r.key())).<Void>compose(res -> {
            KeyValue kv = res.kv();
            java.time.Instant now = java.time.Instant.now();
            try {
                if (kv == null || kv.tombstone()) {
                    ObjectNode created = ssa.apply(null, config, manager, force, now, r.info().subresource()).object();
                    ObjectMetaRules.meta(created).put("name", r.info().name());
                    checkTypeAndNamespace(r, created);
                    ObjectMetaRules.forCreate(r.d(), created, r.namespace());
                    Defaults.apply(r.d(), created);
                    return storeNew(r, r.key(), r.info().name(), created);
                }
                ObjectNode old = Json.stored(kv.value());
                ObjectNode live = old.deepCopy();
                Objects.setResourceVersion(live, kv.modRevision());
                ObjectNode applied = ssa.apply(live, config, manager, force, now, r.info().subresource()).object();
                return write(r, old, applied, kv.modRevision(), false);
            } catch (PatchException e) {
                throw ApiError.from(e);
            }
        });
    }

    private Future<Void> write(Request r, ObjectNode old, ObjectNode obj, long modRevision) {
        return write(r, old, obj, modRevision, true);
    }

    /** Shared tail of update and patch: status/spec split, server-owned metadata, CAS write, finalizers. */
    private Future<Void> write(Request r, ObjectNode old, ObjectNode obj0, long modRevision, boolean recordUpdate) {
        ObjectNode obj = obj0;
        boolean statusWrite = r.info().subresource().equals("status");
        if (statusWrite) {
            ObjectNode merged = old.deepCopy();
            if (obj.has("status")) {
                merged.set("status", obj.get("status"));
            } else {
                merged.remove("status");
            }
            obj = merged;
        } else if (r.d().subresource("status").isPresent()) {
            if (old.has("status")) {
                obj.set("status", old.get("status"));
            } else {
                obj.remove("status");
            }
        }
        ObjectMetaRules.forUpdate(obj, old);
        obj.put("apiVersion", r.d().groupVersionResource().apiVersion());
        obj.put("kind", r.d().kind());
        ObjectNode out = recordUpdate ? managedFields.recordUpdate(old, obj, r.manager(), java.time.Instant.now(),
                r.info().subresource()) : obj;
        boolean finalized = out.path("metadata").has("deletionTimestamp") && Objects.finalizers(out).isEmpty();
        if (r.dryRun()) {
            Objects.setResourceVersion(out, modRevision);
            send(r.ctx(), 200, r.scale() ? ScaleSubresource.view(out) : out);
            return Future.succeededFuture();
        }
        Future<io.k3j.store.WriteResult> w = finalized
                ? store.get().delete(r.key(), modRevision)
                : store.get().update(r.key(), Json.bytes(out), modRevision, Objects.ttl(r.d()));
        return w.<Void>map(res -> {
            Objects.setResourceVersion(out, res.revision());
            send(r.ctx(), 200, r.scale() ? ScaleSubresource.view(out) : out);
            return null;
        }).recover(e -> Future.failedFuture(e instanceof StoreException.Conflict
                ? ApiError.conflict(r.d().resource(), r.d().group(), r.info().name()) : e));
    }

    private Future<?> delete(Request r) {
        byte[] optsBytes = bodyBytes(r.ctx());
        ObjectNode opts = optsBytes != null
                ? decode(r, optsBytes, new GroupVersionKind(r.d().group(), r.d().version(), "DeleteOptions"))
                : Json.MAPPER.createObjectNode();
        return store.get().get(r.key()).compose(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                throw ApiError.notFound(r.d().resource(), r.d().group(), r.info().name());
            }
            ObjectNode obj = Json.stored(kv.value());
            JsonNode pre = opts.path("preconditions");
            if (pre.has("uid") && !pre.get("uid").asText().equals(obj.path("metadata").path("uid").asText())) {
                throw new ApiError(409, "Conflict", "Precondition failed: UID in precondition: " + pre.get("uid").asText()
                        + ", UID in object meta: " + obj.path("metadata").path("uid").asText(), null);
            }
            if (pre.has("resourceVersion") && !pre.get("resourceVersion").asText().equals(String.valueOf(kv.modRevision()))) {
                throw new ApiError(409, "Conflict", "Precondition failed: ResourceVersion in precondition: "
                        + pre.get("resourceVersion").asText() + ", ResourceVersion in object meta: " + kv.modRevision(), null);
            }
            String propagation = opts.path("propagationPolicy").asText(r.ctx().request().getParam("propagationPolicy", ""));
            List<String> finalizers = Objects.finalizers(obj);
            if (propagation.equals("Orphan") && !finalizers.contains("orphan")) {
                finalizers.add("orphan"); // recorded for the garbage collector, as upstream does
            } else if (propagation.equals("Foreground") && !finalizers.contains("foregroundDeletion")) {
                finalizers.add("foregroundDeletion");
            }
            if (r.dryRun()) {
                Objects.setResourceVersion(obj, kv.modRevision());
                send(r.ctx(), 200, obj);
                return Future.succeededFuture();
            }
            if (!finalizers.isEmpty()) {
                ObjectNode meta = ObjectMetaRules.meta(obj);
                if (!meta.has("deletionTimestamp")) {
                    meta.put("deletionTimestamp", ObjectMetaRules.now());
                    meta.put("deletionGracePeriodSeconds", 0);
                }
                ArrayNode f = meta.putArray("finalizers");
                finalizers.forEach(f::add);
                return store.get().update(r.key(), Json.bytes(obj), kv.modRevision()).map(w -> {
                    Objects.setResourceVersion(obj, w.revision());
                    send(r.ctx(), 200, obj);
                    return null;
                });
            }
            return store.get().delete(r.key(), kv.modRevision()).map(w -> {
                Objects.setResourceVersion(obj, w.revision());
                send(r.ctx(), 200, obj);
                return null;
            });
        }).recover(e -> Future.failedFuture(e instanceof StoreException.Conflict
                ? ApiError.conflict(r.d().resource(), r.d().group(), r.info().name()) : e));
    }

    private Future<?> deleteCollection(Request r) {
        Selectors sel = selectors(r);
        return store.get().range(StorageKeys.listPrefix(r.d(), r.namespace()), null, 0, 0).compose(range -> {
            List<Future<?>> deletes = new ArrayList<>();
            ArrayNode items = Json.MAPPER.createArrayNode();
            for (KeyValue kv : range.kvs()) {
                ObjectNode obj = Objects.out(kv, r.d());
                if (!sel.matches(obj)) {
                    continue;
                }
                items.add(obj);
                if (!r.dryRun()) {
                    deletes.add(store.get().delete(kv.key(), kv.modRevision()).recover(e ->
                            e instanceof StoreException.Conflict || e instanceof StoreException.NotFound
                                    ? Future.succeededFuture() : Future.failedFuture(e)));
                }
            }
            return Future.all(deletes).map(v -> {
                ObjectNode list = Json.MAPPER.createObjectNode();
                list.put("kind", r.d().listKind());
                list.put("apiVersion", r.d().groupVersionResource().apiVersion());
                list.putObject("metadata");
                list.set("items", items);
                send(r.ctx(), 200, list);
                return null;
            });
        });
    }

    private static KeyValue live(Request r, KeyValue kv) {
        if (kv == null || kv.tombstone()) {
            throw ApiError.notFound(r.d().resource(), r.d().group(), r.info().name());
        }
        return kv;
    }

    /** The request body, or null when there is none (BodyHandler leaves no buffer for an empty body). */
    private static byte[] bodyBytes(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() <= 0) {
            return null;
        }
        return ctx.body().buffer().getBytes();
    }

    private static ObjectNode body(Request r) {
        byte[] bytes = bodyBytes(r.ctx());
        if (bytes == null) {
            throw ApiError.badRequest("the request body is empty");
        }
        GroupVersionKind expected = r.scale() ? new GroupVersionKind("autoscaling", "v1", "Scale") : r.d().groupVersionKind();
        return decode(r, bytes, expected);
    }

    /** JSON, YAML or (for built-in kinds) Kubernetes protobuf, by Content-Type. */
    private static ObjectNode decode(Request r, byte[] bytes, GroupVersionKind expected) {
        String ct = r.ctx().request().getHeader("Content-Type");
        if (!ProtobufBody.isProtobuf(ct)) {
            return Json.parseBody(bytes, ct);
        }
        if (r.d().modelClass() == null) {
            ProtobufBodyException e = ProtobufBody.unsupportedMediaType(ProtobufBody.CUSTOM_RESOURCE_MEDIA_TYPES);
            throw new ApiError(e.httpStatus(), e.reason(), e.getMessage(), null);
        }
        try {
            return ProtobufBody.decode(bytes, expected).object();
        } catch (ProtobufBodyException e) {
            throw new ApiError(e.httpStatus(), e.reason(), e.getMessage(), null);
        }
    }

    private static JsonNode patchBody(Request r, String ct) {
        byte[] bytes = bodyBytes(r.ctx());
        if (bytes == null) {
            throw ApiError.badRequest("the request body is empty");
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("error decoding patch: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static void checkTypeAndNamespace(Request r, ObjectNode obj) {
        String apiVersion = obj.path("apiVersion").asText("");
        String kind = obj.path("kind").asText("");
        String want = r.d().groupVersionResource().apiVersion();
        if (!apiVersion.isEmpty() && !apiVersion.equals(want)) {
            throw ApiError.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version ("
                    + want + ")");
        }
        if (!kind.isEmpty() && !kind.equals(r.d().kind())) {
            throw ApiError.badRequest("the kind in the data (" + kind + ") does not match the expected kind (" + r.d().kind() + ")");
        }
        obj.put("apiVersion", want);
        obj.put("kind", r.d().kind());
        String ns = ObjectMetaRules.meta(obj).path("namespace").asText("");
        if (r.d().namespaced() && !ns.isEmpty() && !ns.equals(r.namespace())) {
            throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    static void send(RoutingContext ctx, int code, JsonNode body) {
        if (ctx.response().ended()) {
            return;
        }
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
        ctx.response().setStatusCode(err.code()).putHeader("Content-Type", "application/json")
                .end(err.toStatus().encode());
    }
}
