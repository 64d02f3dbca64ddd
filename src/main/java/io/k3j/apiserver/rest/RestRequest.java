package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.proto.ProtobufBody;
import io.k3j.api.proto.ProtobufBodyException;
import io.k3j.apiserver.RequestInfo;
import io.k3j.store.KeyValue;
import io.vertx.ext.web.RoutingContext;

/**
 * One REST request on a resource, with what every verb needs from it: the storage key, the
 * decoded body (JSON, YAML or protobuf), selectors, the Table wish, the field manager.
 */
record RestRequest(RoutingContext ctx, RequestInfo info, ResourceDescriptor d, String namespace) {

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

    /** The value if it is live, else the upstream NotFound for this request's object. */
    KeyValue live(KeyValue kv) {
        if (kv == null || kv.tombstone()) {
            throw ApiError.notFound(d.resource(), d.group(), info.name());
        }
        return kv;
    }

    /** The request body, or null when there is none (BodyHandler leaves no buffer for an empty body). */
    static byte[] bodyBytes(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() <= 0) {
            return null;
        }
        return ctx.body().buffer().getBytes();
    }

    ObjectNode body() {
        byte[] bytes = bodyBytes(ctx);
        if (bytes == null) {
            throw ApiError.badRequest("the request body is empty");
        }
        GroupVersionKind expected = scale() ? new GroupVersionKind("autoscaling", "v1", "Scale") : d.groupVersionKind();
        ObjectNode obj = decode(bytes, expected);
        io.k3j.auth.audit.AuditContext.recordRequestObject(ctx, obj);
        return obj;
    }

    /** JSON, YAML or (for built-in kinds) Kubernetes protobuf, by Content-Type. */
    ObjectNode decode(byte[] bytes, GroupVersionKind expected) {
        String ct = ctx.request().getHeader("Content-Type");
        if (!ProtobufBody.isProtobuf(ct)) {
            return Json.parseBody(bytes, ct);
        }
        if (d.modelClass() == null) {
            ProtobufBodyException e = ProtobufBody.unsupportedMediaType(ProtobufBody.CUSTOM_RESOURCE_MEDIA_TYPES);
            throw new ApiError(e.httpStatus(), e.reason(), e.getMessage(), null);
        }
        try {
            return ProtobufBody.decode(bytes, expected).object();
        } catch (ProtobufBodyException e) {
            throw new ApiError(e.httpStatus(), e.reason(), e.getMessage(), null);
        }
    }

    JsonNode patchBody(String ct) {
        byte[] bytes = bodyBytes(ctx);
        if (bytes == null) {
            throw ApiError.badRequest("the request body is empty");
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("error decoding patch: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    void checkTypeAndNamespace(ObjectNode obj) {
        String apiVersion = obj.path("apiVersion").asText("");
        String kind = obj.path("kind").asText("");
        String want = d.groupVersionResource().apiVersion();
        if (!apiVersion.isEmpty() && !apiVersion.equals(want)) {
            throw ApiError.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version ("
                    + want + ")");
        }
        if (!kind.isEmpty() && !kind.equals(d.kind())) {
            throw ApiError.badRequest("the kind in the data (" + kind + ") does not match the expected kind (" + d.kind() + ")");
        }
        obj.put("apiVersion", want);
        obj.put("kind", d.kind());
        String ns = ObjectMetaRules.meta(obj).path("namespace").asText("");
        if (d.namespaced() && !ns.isEmpty() && !ns.equals(namespace)) {
            throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    TableOutput tables() {
        return TableOutput.of(ctx.request().getHeader("Accept"), ctx.request().getParam("includeObject"), d);
    }

    Selectors selectors() {
        return Selectors.parse(ctx.request().getParam("labelSelector", ""), ctx.request().getParam("fieldSelector", ""), d);
    }
}
