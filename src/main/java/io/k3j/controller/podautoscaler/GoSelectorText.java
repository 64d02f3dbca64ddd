package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Metric label selectors in the two forms upstream's texts show them: the query form the metrics APIs take, and
 * Go's {@code %+v} of a *metav1.LabelSelector ("nil", "&LabelSelector{MatchLabels:map[string]string{a: b,},...}"),
 * which appears in external-metric names and errors.
 */
final class GoSelectorText {

    private GoSelectorText() {
    }

    /** The query form of a metav1.LabelSelector; "" (everything) when absent. */
    static String query(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return "";
        }
        try {
            return LabelSelector.fromJson(selector).toString();
        } catch (SelectorException e) {
            throw new MetricException(e.getMessage());
        }
    }

    static String goValue(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return "nil";
        }
        StringBuilder sb = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        TreeMap<String, String> labels = new TreeMap<>();
        selector.path("matchLabels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        labels.forEach((k, v) -> sb.append(k).append(": ").append(v).append(","));
        sb.append("},MatchExpressions:[]LabelSelectorRequirement{");
        for (JsonNode expr : selector.path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            sb.append("LabelSelectorRequirement{Key:").append(expr.path("key").asText())
                    .append(",Operator:").append(expr.path("operator").asText())
                    .append(",Values:[").append(String.join(" ", values)).append("],},");
        }
        return sb.append("},}").toString();
    }
}
