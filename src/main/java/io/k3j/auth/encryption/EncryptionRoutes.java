package io.k3j.auth.encryption;

import io.k3j.auth.UserInfo;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.function.Function;

/**
 * The admin endpoint {@code k3j secrets-encrypt} talks to, on the API server's HTTPS port (as K3s serves
 * {@code /v1-k3s/encrypt/*} on its supervisor port): {@code GET /v1-k3j/encrypt/status} and
 * {@code PUT /v1-k3j/encrypt/config} with {@code {"action": ..., "force": ..., "skip": ...}}. Only members of
 * system:masters may use it, whatever RBAC grants on non-resource URLs. Answers are JSON; refusals are Status
 * objects.
 */
public final class EncryptionRoutes {

    public static final String STATUS_PATH = "/v1-k3j/encrypt/status";
    public static final String CONFIG_PATH = "/v1-k3j/encrypt/config";

    private final SecretsEncryption service;
    private final Function<RoutingContext, UserInfo> userOf;

    /** @param service null when the server runs without --secrets-encryption */
    public EncryptionRoutes(SecretsEncryption service, Function<RoutingContext, UserInfo> userOf) {
        this.service = service;
        this.userOf = userOf;
    }

    /** Mounts both routes and resumes a re-encryption a previous run left unfinished. */
    public void mount(Router router, Vertx vertx) {
        router.get(STATUS_PATH).handler(this::status);
        router.put(CONFIG_PATH).handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(ctx -> {
            if (allowed(ctx, "update")) {
                config(ctx, vertx);
            }
        });
        if (service != null) {
            // After the API server's start has opened the store through the decorator (same context, queued).
            vertx.runOnContext(v -> service.resume(vertx));
        }
    }

    private void status(RoutingContext ctx) {
        if (!allowed(ctx, "get")) {
            return;
        }
        if (service == null) {
            send(ctx, 200, new JsonObject().put("enabled", false).put("configured", false));
            return;
        }
        EncryptionStatus s = service.status();
        JsonArray keys = new JsonArray();
        s.keys().forEach(k -> keys.add(new JsonObject().put("active", k.active()).put("type", k.type()).put("name", k.name())));
        send(ctx, 200, new JsonObject().put("enabled", s.enabled()).put("configured", true).put("stage", s.stage().text())
                .put("keys", keys).put("rewritten", s.rewritten()).put("lastError", s.lastError()));
    }

    private void config(RoutingContext ctx, Vertx vertx) {
        if (service == null) {
            sendStatus(ctx, 400, "BadRequest", "secrets encryption is not enabled on this server: start it with --secrets-encryption");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        if (body == null || !(body.getValue("action") instanceof String action)) {
            sendStatus(ctx, 400, "BadRequest", "expected a JSON object with an \"action\"");
            return;
        }
        service.run(vertx, new SecretsEncryption.Command(action, body.getBoolean("force", false), body.getBoolean("skip", false)))
                .onSuccess(message -> send(ctx, 200, new JsonObject().put("message", message)))
                .onFailure(e -> {
                    if (e instanceof EncryptionCommandException c) {
                        sendStatus(ctx, c.code(), c.code() == 409 ? "Conflict" : c.code() == 503 ? "ServiceUnavailable"
                                : "BadRequest", c.getMessage());
                    } else {
                        sendStatus(ctx, 500, "InternalError", "Internal error occurred: " + e.getMessage());
                    }
                });
    }

    private boolean allowed(RoutingContext ctx, String verb) {
        UserInfo user = userOf.apply(ctx);
        if (user != null && user.inGroup(UserInfo.MASTERS)) {
            return true;
        }
        String name = user == null ? "" : user.name();
        sendStatus(ctx, 403, "Forbidden", "forbidden: User \"" + name + "\" cannot " + verb + " path \""
                + ctx.request().path() + "\"");
        return false;
    }

    private static void send(RoutingContext ctx, int code, JsonObject body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(body.encode());
        }
    }

    private static void sendStatus(RoutingContext ctx, int code, String reason, String message) {
        send(ctx, code, new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("metadata", new JsonObject())
                .put("status", "Failure").put("message", message).put("reason", reason).put("code", code));
    }
}
