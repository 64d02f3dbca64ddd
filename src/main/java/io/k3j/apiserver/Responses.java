package io.k3j.apiserver;

import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.ForbiddenMessage;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Kubernetes `Status` error bodies: every failure a client sees is one of these, never a bare 500. */
public final class Responses {

    private Responses() {
    }

    public static JsonObject status(int code, String reason, String message) {
        return new JsonObject()
                .put("kind", "Status")
                .put("apiVersion", "v1")
                .put("metadata", new JsonObject())
                .put("status", "Failure")
                .put("message", message)
                .put("reason", reason)
                .put("code", code);
    }

    public static void sendStatus(HttpServerResponse resp, int code, String reason, String message) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(code)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private")
                .end(status(code, reason, message).encode());
    }

    public static void unauthorized(HttpServerResponse resp) {
        sendStatus(resp, 401, "Unauthorized", "Unauthorized");
    }

    /**
     * 403 Forbidden for a request authorization refused, as upstream's responsewriters.Forbidden: {@code message}
     * is {@link io.k3j.auth.rbac.ForbiddenMessage}'s text, details name the request's name, API group and resource
     * (all empty for a non-resource path).
     */
    public static void forbidden(HttpServerResponse resp, String message, Attributes a) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(403).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private").end(forbiddenStatus(message, a).encode());
    }

    /** The Status body of {@link #forbidden}: in-process clients get the same one. */
    public static JsonObject forbiddenStatus(String message, Attributes a) {
        JsonObject details = new JsonObject();
        if (!a.name().isEmpty()) {
            details.put("name", a.name());
        }
        if (!a.apiGroup().isEmpty()) {
            details.put("group", a.apiGroup());
        }
        if (!a.resource().isEmpty()) {
            details.put("kind", a.resource());
        }
        return status(403, "Forbidden", message).put("details", details);
    }

    public static void forbiddenPath(HttpServerResponse resp, String user, String verb, String path) {
        Attributes a = Attributes.path(verb, path);
        forbidden(resp, ForbiddenMessage.of(user, a, ""), a);
    }

    /** Upstream's RBAC denial, e.g. {@code pods "x" is forbidden: User "u" cannot get resource "pods" in API group "" …}. */
    public static void forbiddenResource(HttpServerResponse resp, String user, RequestInfo info) {
        Attributes a = Attributes.resource(info.verb(), info.apiGroup(), info.resource(), info.subresource(),
                info.namespace(), info.name());
        forbidden(resp, ForbiddenMessage.of(user, a, ""), a);
    }

    public static void notFound(HttpServerResponse resp) {
        sendStatus(resp, 404, "NotFound", "the server could not find the requested resource");
    }
}
