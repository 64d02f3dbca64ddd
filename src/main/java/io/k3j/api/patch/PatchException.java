package io.k3j.api.patch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A patch that cannot be applied. Each subtype fixes the HTTP code and Status reason upstream answers with;
 * {@link #getMessage()} is the Status message and {@link #causes()} its details.causes, so the server can
 * render the Status without knowing which engine failed.
 */
public abstract sealed class PatchException extends RuntimeException {

    /** One details.causes entry; {@code reason} is the StatusCause type (serialised as "reason"). */
    public record Cause(String reason, String message, String field) {
    }

    private final List<Cause> causes;

    PatchException(String message, List<Cause> causes) {
        super(message);
        this.causes = List.copyOf(causes);
    }

    public abstract int code();

    /** The Status reason ("" where upstream leaves it empty). */
    public abstract String reason();

    public List<Cause> causes() {
        return causes;
    }

    /**
     * The metav1.Status body upstream sends for this failure. Empty reason, details and cause fields are
     * omitted, as Go's omitempty does.
     */
    public ObjectNode toStatus() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode status = f.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", getMessage());
        if (!reason().isEmpty()) {
            status.put("reason", reason());
        }
        if (!causes.isEmpty()) {
            ArrayNode arr = status.putObject("details").putArray("causes");
            for (Cause c : causes) {
                ObjectNode o = arr.addObject();
                putIfNotEmpty(o, "reason", c.reason());
                putIfNotEmpty(o, "message", c.message());
                putIfNotEmpty(o, "field", c.field());
            }
        }
        return status.put("code", code());
    }

    private static void putIfNotEmpty(ObjectNode o, String key, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(key, value);
        }
    }

    /** 400 BadRequest: the patch document itself is malformed. */
    public static final class Invalid extends PatchException {
        public Invalid(String message) {
            super(message, List.of());
        }

        @Override
        public int code() {
            return 400;
        }

        @Override
        public String reason() {
            return "BadRequest";
        }
    }

    /** 409 Conflict: server-side apply found fields owned by other managers. */
    public static final class Conflict extends PatchException {
        public Conflict(String message, List<Cause> causes) {
            super(message, causes);
        }

        @Override
        public int code() {
            return 409;
        }

        @Override
        public String reason() {
            return "Conflict";
        }
    }

    /**
     * 422 Invalid: the patch is well-formed but does not apply to this object (a JSON patch op on a missing
     * path, a failed test op). Upstream builds this with NewGenericServerResponse: a fixed message and the
     * engine's text as the single cause.
     */
    public static final class Unprocessable extends PatchException {
        public static final String GENERIC_MESSAGE = "the server rejected our request due to an error in our request";

        public Unprocessable(String detail) {
            super(GENERIC_MESSAGE, List.of(new Cause("UnexpectedServerResponse", detail, "")));
        }

        /** The engine's own text, e.g. "testing value /a failed: test failed". */
        public String detail() {
            return causes().get(0).message();
        }

        @Override
        public int code() {
            return 422;
        }

        @Override
        public String reason() {
            return "Invalid";
        }
    }

    /** 415: the patch type is not accepted for this resource (strategic merge patch on a custom resource). */
    public static final class UnsupportedMediaType extends PatchException {
        public UnsupportedMediaType(String message) {
            super(message, List.of());
        }

        @Override
        public int code() {
            return 415;
        }

        @Override
        public String reason() {
            return "UnsupportedMediaType";
        }
    }

    /** 413: more JSON patch operations than upstream allows. */
    public static final class TooLarge extends PatchException {
        public TooLarge(String message) {
            super("Request entity too large: " + message, List.of());
        }

        @Override
        public int code() {
            return 413;
        }

        @Override
        public String reason() {
            return "RequestEntityTooLarge";
        }
    }

    /**
     * 500 with an empty reason: upstream passes some strategic-merge errors through as plain Go errors,
     * which the API server renders this way (e.g. a list element without its merge key).
     */
    public static final class Failed extends PatchException {
        public Failed(String message) {
            super(message, List.of());
        }

        @Override
        public int code() {
            return 500;
        }

        @Override
        public String reason() {
            return "";
        }
    }
}
