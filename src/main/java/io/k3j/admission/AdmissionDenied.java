package io.k3j.admission;

import io.k3j.api.schema.FieldError;

import java.util.List;

/**
 * A plugin's refusal, turned into a Kubernetes Status by the API server: code, reason and message as upstream's
 * admission errors (403 Forbidden for most, 422 Invalid with field causes, 400, 429 or 500 for webhooks that say so).
 */
public final class AdmissionDenied extends RuntimeException {

    private final int code;
    private final String reason;
    private final List<FieldError> causes;
    private final List<String> messageCauses;

    public AdmissionDenied(int code, String reason, String message, List<FieldError> causes) {
        this(code, reason, message, causes, List.of());
    }

    private AdmissionDenied(int code, String reason, String message, List<FieldError> causes, List<String> messageCauses) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.causes = List.copyOf(causes);
        this.messageCauses = List.copyOf(messageCauses);
    }

    /**
     * Upstream's NewForbidden with its code and reason replaced and causes holding only a message, as
     * ValidatingAdmissionPolicy denies: details name the resource (not the kind) even for 422 Invalid, which is
     * why kubectl prints {@code The deployments "x" is invalid: : ValidatingAdmissionPolicy ...}.
     */
    public static AdmissionDenied forbiddenWithCause(AdmissionRequest r, int code, String reason, String why) {
        return new AdmissionDenied(code, reason, forbidden(r, why).getMessage(), List.of(), List.of(why));
    }

    /**
     * Upstream's admission.NewForbidden: {@code <resource>[.<group>] "<name>" is forbidden: <why>}; the name is the
     * request's (empty for a generated name, as upstream prints it).
     */
    public static AdmissionDenied forbidden(AdmissionRequest r, String why) {
        String qualified = r.group().isEmpty() ? r.resource() : r.resource() + "." + r.group();
        return new AdmissionDenied(403, "Forbidden", qualified + " \"" + r.name() + "\" is forbidden: " + why, List.of());
    }

    /** 422 Invalid: {@code <Kind>[.group] "<name>" is invalid: <field>: <detail>...}, as upstream's NewInvalid. */
    public static AdmissionDenied invalid(AdmissionRequest r, List<FieldError> errors) {
        String qualified = r.group().isEmpty() ? r.kind() : r.kind() + "." + r.group();
        String msg = qualified + " \"" + r.name() + "\" is invalid: " + FieldError.aggregate(errors);
        return new AdmissionDenied(422, "Invalid", msg, errors);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public List<FieldError> causes() {
        return causes;
    }

    /** Causes with only a message (no field, no reason); when present, details name the resource. */
    public List<String> messageCauses() {
        return messageCauses;
    }
}
