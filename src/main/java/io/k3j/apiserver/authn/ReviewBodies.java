package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.proto.ProtobufBody;
import io.k3j.api.proto.ProtobufBodyException;
import io.k3j.apiserver.rest.ApiError;
import io.k3j.apiserver.rest.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Request bodies of the create-only authentication endpoints, in JSON, YAML or Kubernetes protobuf (kubectl
 * create token and auth whoami send protobuf). Protobuf schemas load once, on a worker thread, as the REST
 * handler does; event-loop confined, so no lock.
 */
final class ReviewBodies {

    private Future<Void> protobufReady;

    /** The decoded body as the {@code expected} kind; fails with an ApiError (400/415) for a bad one. */
    Future<ObjectNode> decode(RoutingContext ctx, GroupVersionKind expected) {
        String ct = ctx.request().getHeader("Content-Type");
        byte[] bytes = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
        if (bytes == null || bytes.length == 0) {
            return Future.failedFuture(ApiError.badRequest("the request body is empty"));
        }
        if (!ProtobufBody.isProtobuf(ct)) {
            try {
                return Future.succeededFuture(checkKind(Json.parseBody(bytes, ct), expected));
            } catch (ApiError e) {
                return Future.failedFuture(e);
            }
        }
        return protobufReady(ctx.vertx()).compose(v -> {
            try {
                return Future.succeededFuture(ProtobufBody.decode(bytes, expected).object());
            } catch (ProtobufBodyException e) {
                return Future.failedFuture(new ApiError(e.httpStatus(), e.reason(), e.getMessage(), null));
            }
        });
    }

    /** A JSON body may leave apiVersion and kind out; if present they must be the endpoint's. */
    private static ObjectNode checkKind(ObjectNode body, GroupVersionKind expected) {
        String apiVersion = body.path("apiVersion").asText("");
        String kind = body.path("kind").asText("");
        if (!apiVersion.isEmpty() && !apiVersion.equals(expected.apiVersion())) {
            throw ApiError.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + expected.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(expected.kind())) {
            throw ApiError.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + expected.kind() + ")");
        }
        return body;
    }

    private Future<Void> protobufReady(Vertx vertx) {
        if (protobufReady == null) {
            protobufReady = vertx.executeBlocking(() -> {
                ProtobufBody.prepare();
                return null;
            }, false);
        }
        return protobufReady;
    }
}
