package io.k3j.auth.audit;

import java.util.Arrays;
import java.util.Optional;

/** When in a request's life an event is written, with upstream's names. */
public enum AuditStage {
    /** As soon as the request is authenticated, before anything else happens to it. */
    REQUEST_RECEIVED("RequestReceived"),
    /** Long-running requests (watch, exec…): when the response headers are sent. */
    RESPONSE_STARTED("ResponseStarted"),
    /** When the response has been sent. */
    RESPONSE_COMPLETE("ResponseComplete"),
    /** The request failed with an unexpected error (upstream: the handler panicked). */
    PANIC("Panic");

    private final String text;

    AuditStage(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Optional<AuditStage> parse(String s) {
        return Arrays.stream(values()).filter(v -> v.text.equals(s)).findFirst();
    }
}
