package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.schema.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a namespace's {@code pod-security.kubernetes.io/*} labels into the policy to evaluate, falling back to the
 * cluster defaults for each label not set. A bad value never weakens enforcement: an unknown enforce level counts
 * as restricted, an unknown version as latest, while audit and warn fail open to privileged, as upstream's
 * PolicyToEvaluate; each bad value is also reported as a field error.
 */
public final class PolicyLabels {

    public static final String PREFIX = "pod-security.kubernetes.io/";
    public static final String ENFORCE = PREFIX + "enforce";
    public static final String ENFORCE_VERSION = PREFIX + "enforce-version";
    public static final String AUDIT = PREFIX + "audit";
    public static final String AUDIT_VERSION = PREFIX + "audit-version";
    public static final String WARN = PREFIX + "warn";
    public static final String WARN_VERSION = PREFIX + "warn-version";

    /** The policy to evaluate, and the label errors met on the way (empty when every label is valid). */
    public record Resolved(Policy policy, List<FieldError> errors) {
    }

    private PolicyLabels() {
    }

    /** @param labels a namespace's {@code metadata.labels} (may be null or missing) */
    public static Resolved resolve(JsonNode labels, Policy defaults) {
        if (labels == null || !labels.isObject() || labels.isEmpty()) {
            return new Resolved(defaults, List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        LevelVersion enforce = mode(labels, ENFORCE, ENFORCE_VERSION, defaults.enforce(), Level.RESTRICTED, errors);
        LevelVersion audit = mode(labels, AUDIT, AUDIT_VERSION, defaults.audit(), Level.PRIVILEGED, errors);
        LevelVersion warn = mode(labels, WARN, WARN_VERSION, defaults.warn(), Level.PRIVILEGED, errors);
        return new Resolved(new Policy(enforce, audit, warn), List.copyOf(errors));
    }

    private static LevelVersion mode(JsonNode labels, String levelKey, String versionKey, LevelVersion fallback,
                                     Level onBadLevel, List<FieldError> errors) {
        Level level = fallback.level();
        PolicyVersion version = fallback.version();
        JsonNode l = labels.get(levelKey);
        if (l != null && !l.isNull()) {
            String value = l.asText();
            level = Level.parse(value).orElse(null);
            if (level == null) {
                level = onBadLevel;
                errors.add(FieldError.invalid(path(levelKey), value, Level.MUST_BE));
            }
        }
        JsonNode v = labels.get(versionKey);
        if (v != null && !v.isNull()) {
            String value = v.asText();
            version = PolicyVersion.parse(value).orElse(null);
            if (version == null) {
                version = PolicyVersion.LATEST;
                errors.add(FieldError.invalid(path(versionKey), value, PolicyVersion.MUST_BE));
            }
        }
        return new LevelVersion(level, version);
    }

    private static String path(String label) {
        return "metadata.labels[" + label + "]";
    }
}
