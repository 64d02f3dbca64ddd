package io.k3j.auth.audit;

import java.util.Arrays;
import java.util.Optional;

/** How much of a request an audit event records, in upstream's order: each level includes the ones before it. */
public enum AuditLevel {
    NONE("None"),
    METADATA("Metadata"),
    REQUEST("Request"),
    REQUEST_RESPONSE("RequestResponse");

    private final String text;

    AuditLevel(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public boolean atLeast(AuditLevel other) {
        return compareTo(other) >= 0;
    }

    public static Optional<AuditLevel> parse(String s) {
        return Arrays.stream(values()).filter(l -> l.text.equals(s)).findFirst();
    }
}
