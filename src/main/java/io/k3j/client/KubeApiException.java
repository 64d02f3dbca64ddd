package io.k3j.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The API server refused a request: its HTTP code and the {@code Status} it sent (reason, message, details).
 * Code 0 means no answer came (connection failure).
 */
public final class KubeApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final JsonNode status;

    public KubeApiException(int code, String reason, String message, JsonNode status) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.status = status;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** The Status object, or null when the server sent none. */
    public JsonNode status() {
        return status;
    }

    public boolean notFound() {
        return code == 404;
    }

    public boolean conflict() {
        return code == 409;
    }

    public boolean alreadyExists() {
        return code == 409 && "AlreadyExists".equals(reason);
    }

    public boolean gone() {
        return code == 410;
    }

    /** Whether the Status lists a cause of this type ({@code details.causes[].reason}), as apimachinery's HasStatusCause. */
    public boolean hasCause(String type) {
        if (status == null) {
            return false;
        }
        for (JsonNode c : status.path("details").path("causes")) {
            if (type.equals(c.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A create refused because its namespace is being deleted: every later create there fails too, so controllers
     * stop rather than retry (the namespace's deletion removes their objects anyway).
     */
    public boolean namespaceTerminating() {
        return code == 403 && hasCause("NamespaceTerminating");
    }
}
