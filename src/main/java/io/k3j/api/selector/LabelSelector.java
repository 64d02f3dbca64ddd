package io.k3j.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.selector.LabelRequirement.Operator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A parsed label selector: requirements ANDed together, sorted by key as upstream sorts them.
 * Three flavours exist, as upstream: the empty selector (matches everything), a list of requirements,
 * and "nothing" (a null metav1.LabelSelector on a workload selects no pods).
 */
public final class LabelSelector {

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<LabelRequirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<LabelRequirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    public static LabelSelector nothing() {
        return NOTHING;
    }

    /** Parses the {@code labelSelector} query-parameter grammar. */
    public static LabelSelector parse(String selector) throws SelectorException {
        return sorted(LabelSelectorParser.parse(selector == null ? "" : selector));
    }

    /**
     * From a metav1.LabelSelector object ({@code matchLabels}, {@code matchExpressions}) as workloads carry it.
     * A null or missing node selects nothing; an empty one selects everything.
     */
    public static LabelSelector fromJson(JsonNode node) throws SelectorException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NOTHING;
        }
        List<LabelRequirement> reqs = new ArrayList<>();
        node.path("matchLabels").properties().forEach(e ->
                reqs.add(LabelRequirement.create(e.getKey(), Operator.EQUALS, List.of(e.getValue().asText()), "")));
        for (JsonNode expr : node.path("matchExpressions")) {
            String opName = expr.path("operator").asText();
            Operator op = switch (opName) {
                case "In" -> Operator.IN;
                case "NotIn" -> Operator.NOT_IN;
                case "Exists" -> Operator.EXISTS;
                case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                default -> throw new SelectorException(GoText.quote(opName) + " is not a valid label selector operator");
            };
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            reqs.add(LabelRequirement.create(expr.path("key").asText(), op, values, ""));
        }
        return sorted(reqs);
    }

    private static LabelSelector sorted(List<LabelRequirement> reqs) {
        if (reqs.isEmpty()) {
            return EVERYTHING;
        }
        List<LabelRequirement> copy = new ArrayList<>(reqs);
        copy.sort(Comparator.comparing(LabelRequirement::key)); // stable, like upstream's small-input sort
        return new LabelSelector(List.copyOf(copy), false);
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        Map<String, String> ls = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(ls));
    }

    /** Matches against a {@code metadata.labels} JSON object (absent means no labels). */
    public boolean matches(JsonNode labels) {
        Map<String, String> map = new java.util.HashMap<>();
        if (labels != null) {
            labels.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return matches(map);
    }

    public boolean isEmpty() {
        return !nothing && requirements.isEmpty();
    }

    public boolean isNothing() {
        return nothing;
    }

    public List<LabelRequirement> requirements() {
        return requirements;
    }

    /** Canonical form: requirements sorted by key, values sorted, joined by commas. */
    @Override
    public String toString() {
        return requirements.stream().map(LabelRequirement::toString).collect(Collectors.joining(","));
    }
}
