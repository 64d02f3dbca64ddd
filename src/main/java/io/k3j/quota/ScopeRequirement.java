package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One scope a quota is limited to: an entry of {@code spec.scopes} (operator Exists) or of
 * {@code spec.scopeSelector.matchExpressions} (In, NotIn, Exists, DoesNotExist over values).
 */
public record ScopeRequirement(String scopeName, String operator, List<String> values) {

    public static final String TERMINATING = "Terminating";
    public static final String NOT_TERMINATING = "NotTerminating";
    public static final String BEST_EFFORT = "BestEffort";
    public static final String NOT_BEST_EFFORT = "NotBestEffort";
    public static final String PRIORITY_CLASS = "PriorityClass";
    public static final String CROSS_NAMESPACE_POD_AFFINITY = "CrossNamespacePodAffinity";

    public ScopeRequirement {
        values = List.copyOf(values);
    }

    public static ScopeRequirement exists(String scopeName) {
        return new ScopeRequirement(scopeName, "Exists", List.of());
    }

    /** A quota's scopes followed by its scope selector's expressions, as upstream's getScopeSelectorsFromQuota. */
    public static List<ScopeRequirement> ofQuota(JsonNode quota) {
        List<ScopeRequirement> out = new ArrayList<>();
        JsonNode spec = quota.path("spec");
        for (JsonNode s : spec.path("scopes")) {
            out.add(exists(s.asText()));
        }
        for (JsonNode e : spec.path("scopeSelector").path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            out.add(new ScopeRequirement(e.path("scopeName").asText(), e.path("operator").asText(), values));
        }
        return out;
    }

    /**
     * Whether the object's value for this scope ({@code null} when it has none) satisfies the requirement, as a
     * label selector over {@code {scopeName: value}} would. An unknown operator matches nothing.
     */
    public boolean selects(String value) {
        return switch (operator) {
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            default -> false;
        };
    }

    /** Upstream prints requirements with Go's %v of the struct. */
    @Override
    public String toString() {
        return "{" + scopeName + " " + operator + " [" + String.join(" ", values) + "]}";
    }
}
