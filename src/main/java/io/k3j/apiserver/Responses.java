package io.k3j.apiserver;

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

    public static void forbiddenPath(HttpServerResponse resp, String user, String verb, String path) {
        sendStatus(resp, 403, "Forbidden", "forbidden: User \"" + user + "\" cannot " + verb + " path \"" + path + "\"");
    }

    /** The upstream RBAC denial text, e.g. `pods "x" is forbidden: User "u" cannot get resource "pods" …`. */
    public static void forbiddenResource(HttpServerResponse resp, String user, RequestInfo info) {
        String res = info.subresource().isEmpty() ? info.resource() : info.resource() + "/" + info.subresource();
        String what = info.name().isEmpty() ? res : res + " \"" + info.name() + "\"";
        String group = info.apiGroup().isEmpty() ? "" : " in API group \"" + info.apiGroup() + "\"";
        String scope = info.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + info.namespace() + "\"";
        String msg = what + " is forbidden: User \"" + user + "\" cannot " + info.verb() + " resource \"" + res + "\""
                + group + scope;
        JsonObject body = status(403, "Forbidden", msg);
        JsonObject details = new JsonObject().put("kind", info.resource());
        if (!info.name().isEmpty()) {
            details.put("name", info.name());
        }
        if (!info.apiGroup().isEmpty()) {
            details.put("group", info.apiGroup());
        }
        body.put("details", details);
        resp.setStatusCode(403).putHeader("Content-Type", "application/json").end(body.encode());
    }

    public static void notFound(HttpServerResponse resp) {
        sendStatus(resp, 404, "NotFound", "the server could not find the requested resource");
    }
}
