package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.openapi.OpenApiV3;
import io.k3j.apiserver.openapi.UnknownFields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * The fieldValidation query parameter: unknown fields in a request body are an error (Strict,
 * kubectl's default), a Warning header each (Warn, the server default) or nothing (Ignore).
 * Schemas come from the OpenAPI documents, generated once on a worker thread.
 */
final class FieldValidation {

    private final Vertx vertx;
    private final OpenApiV3 openApi;
    /** Built on first use: the schemas cost memory and a second of CPU that an idle server should not pay. */
    private Future<Checker> checker;

    record Checker(UnknownFields fields, java.util.Map<io.k3j.api.GroupVersionKind, String> schemaNames) {
    }

    FieldValidation(Vertx vertx, OpenApiV3 openApi) {
        this.vertx = vertx;
        this.openApi = openApi;
    }

    /** Called on the API verticle's event loop only, so the lazy field needs no lock. */
    private Future<Checker> checker() {
        if (checker == null) {
            checker = vertx.executeBlocking(() -> new Checker(new UnknownFields(openApi.allSchemas()), openApi.schemaNames()), false);
        }
        return checker;
    }

    /** Completes when the body may be written (adding Warning headers), or fails with 400 under Strict. */
    Future<Void> check(RoutingContext ctx, ResourceDescriptor d, ObjectNode body) {
        String mode = ctx.request().getParam("fieldValidation", "Warn");
        switch (mode) {
            case "Ignore":
                return Future.succeededFuture();
            case "Warn", "Strict":
                break;
            default:
                return Future.failedFuture(new ApiError(400, "BadRequest", "fieldValidation: Unsupported value: \"" + mode
                        + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"", null));
        }
        if (d.isCustom()) {
            return Future.succeededFuture(); // pruning finds them, see CustomResourceStrategy
        }
        return checker().compose(c -> {
            String schema = c.schemaNames().get(d.groupVersionKind());
            if (schema == null) {
                return Future.succeededFuture();
            }
            try {
                unknownFields(ctx, d, c.fields().find(schema, body));
                return Future.succeededFuture();
            } catch (ApiError e) {
                return Future.failedFuture(e);
            }
        });
    }

    /**
     * Applies the request's fieldValidation to the unknown fields of its body: Strict throws 400 BadRequest with
     * upstream's strict-decoding text, Warn adds one Warning header each, Ignore does nothing.
     */
    static void unknownFields(RoutingContext ctx, ResourceDescriptor d, List<String> unknown) {
        String mode = ctx.request().getParam("fieldValidation", "Warn");
        if (unknown.isEmpty() || mode.equals("Ignore")) {
            return;
        }
        if (mode.equals("Strict")) {
            StringBuilder sb = new StringBuilder();
            for (String f : unknown) {
                sb.append(sb.isEmpty() ? "" : ", ").append("unknown field \"").append(f).append('"');
            }
            throw ApiError.badRequest(d.kind() + " in version \"" + d.version()
                    + "\" cannot be handled as a " + d.kind() + ": strict decoding error: " + sb);
        }
        for (String f : unknown) {
            ctx.response().headers().add("Warning", "299 - \"unknown field \\\"" + f + "\\\"\"");
        }
    }
}
