package io.k3j.apiserver.rest;

import io.k3j.apiserver.Responses;
import io.vertx.core.json.JsonObject;

/**
 * A failed request as the client will see it: a Kubernetes Status with code, reason and the
 * upstream message text. Thrown (or failed into a Future) anywhere in the request path.
 */
public final class ApiError extends RuntimeException {

    private final int code;
    private final String reason;
    private final JsonObject details;

    public ApiError(int code, String reason, String message, JsonObject details) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public JsonObject toStatus() {
        JsonObject s = Responses.status(code, reason, getMessage());
        if (details != null) {
            s.put("details", details);
        }
        return s;
    }

    private static JsonObject details(String name, String group, String kind) {
        JsonObject d = new JsonObject();
        if (name != null && !name.isEmpty()) {
            d.put("name", name);
        }
        if (group != null && !group.isEmpty()) {
            d.put("group", group);
        }
        d.put("kind", kind);
        return d;
    }

    private static String qualified(String resource, String group) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    public static ApiError notFound(String resource, String group, String name) {
        return new ApiError(404, "NotFound", qualified(resource, group) + " \"" + name + "\" not found",
                details(name, group, resource));
    }

    public static ApiError alreadyExists(String resource, String group, String name) {
        return new ApiError(409, "AlreadyExists", qualified(resource, group) + " \"" + name + "\" already exists",
                details(name, group, resource));
    }

    public static ApiError conflict(String resource, String group, String name) {
        return new ApiError(409, "Conflict", "Operation cannot be fulfilled on " + qualified(resource, group) + " \""
                + name + "\": the object has been modified; please apply your changes to the latest version and try again",
                details(name, group, resource));
    }

    /** 422 with one cause per field error, as upstream's field.ErrorList. */
    public static ApiError invalid(String kind, String group, String name, String field, String causeType, String detail) {
        String msg = kind + " \"" + name + "\" is invalid: " + field + ": " + detail;
        JsonObject d = details(name, group, kind);
        d.put("causes", new io.vertx.core.json.JsonArray().add(new JsonObject()
                .put("reason", causeType).put("message", detail).put("field", field)));
        return new ApiError(422, "Invalid", msg, d);
    }

    /** A patch engine's error, with its upstream reason and causes. */
    public static ApiError from(io.k3j.api.patch.PatchException e) {
        com.fasterxml.jackson.databind.JsonNode details = e.toStatus().get("details");
        return new ApiError(e.code(), e.reason(), e.getMessage(),
                details == null || !details.isObject() ? null : new JsonObject(details.toString()));
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "BadRequest", message, null);
    }

    public static ApiError methodNotSupported(String resource, String group, String verb) {
        return new ApiError(405, "MethodNotAllowed", verb + " is not supported on resources of kind \""
                + qualified(resource, group) + "\"", details(null, group, resource));
    }

    public static ApiError unsupportedMediaType(String contentType) {
        return new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
                + "media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf", null);
    }

    public static ApiError gone(String message) {
        return new ApiError(410, "Expired", message, null);
    }

    /** A resourceVersion ahead of what the server reached within its wait: retry shortly, as upstream says. */
    public static ApiError tooLargeResourceVersion(String message) {
        JsonObject d = new JsonObject().put("causes", new io.vertx.core.json.JsonArray().add(new JsonObject()
                .put("reason", "ResourceVersionTooLarge").put("message", "Too large resource version")))
                .put("retryAfterSeconds", 1);
        return new ApiError(504, "Timeout", message, d);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "InternalError", "Internal error occurred: " + message, null);
    }
}
