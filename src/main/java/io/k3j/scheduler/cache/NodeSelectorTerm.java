package io.k3j.scheduler.cache;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One compiled node selector term: label expressions and {@code metadata.name} field expressions, ANDed.
 * As upstream, a term with no requirements matches nothing, and a term with an invalid requirement
 * (wrong value count, non-integer Gt/Lt, unknown operator or field) matches nothing either.
 */
public final class NodeSelectorTerm {

    private final List<NodeSelectorRequirement> labels;
    private final List<NodeSelectorRequirement> fields;
    private final boolean valid;

    private NodeSelectorTerm(List<NodeSelectorRequirement> labels, List<NodeSelectorRequirement> fields, boolean valid) {
        this.labels = labels;
        this.fields = fields;
        this.valid = valid;
    }

    public static NodeSelectorTerm of(io.fabric8.kubernetes.api.model.NodeSelectorTerm term) {
        List<NodeSelectorRequirement> ls = term.getMatchExpressions() == null ? List.of() : List.copyOf(term.getMatchExpressions());
        List<NodeSelectorRequirement> fs = term.getMatchFields() == null ? List.of() : List.copyOf(term.getMatchFields());
        boolean valid = !(ls.isEmpty() && fs.isEmpty());
        for (NodeSelectorRequirement r : ls) {
            valid &= validLabelRequirement(r);
        }
        for (NodeSelectorRequirement r : fs) {
            valid &= "metadata.name".equals(r.getKey()) && ("In".equals(r.getOperator()) || "NotIn".equals(r.getOperator()))
                    && values(r).size() == 1;
        }
        return new NodeSelectorTerm(ls, fs, valid);
    }

    public static List<NodeSelectorTerm> of(List<io.fabric8.kubernetes.api.model.NodeSelectorTerm> terms) {
        List<NodeSelectorTerm> out = new ArrayList<>();
        if (terms != null) {
            terms.forEach(t -> out.add(of(t)));
        }
        return List.copyOf(out);
    }

    public boolean matches(String nodeName, Map<String, String> nodeLabels) {
        if (!valid) {
            return false;
        }
        for (NodeSelectorRequirement r : labels) {
            if (!matchesLabel(r, nodeLabels)) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            boolean in = values(r).get(0).equals(nodeName);
            if ("In".equals(r.getOperator()) != in) {
                return false;
            }
        }
        return true;
    }

    /** The node names this term pins the pod to ({@code metadata.name In [...]} fields, intersected), or null. */
    public java.util.Set<String> pinnedNodeNames() {
        java.util.Set<String> names = null;
        for (NodeSelectorRequirement r : fields) {
            if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator())) {
                java.util.Set<String> s = new java.util.HashSet<>(values(r));
                if (names == null) {
                    names = s;
                } else {
                    names.retainAll(s);
                }
            }
        }
        return names;
    }

    private static boolean validLabelRequirement(NodeSelectorRequirement r) {
        List<String> v = values(r);
        return switch (String.valueOf(r.getOperator())) {
            case "In", "NotIn" -> !v.isEmpty();
            case "Exists", "DoesNotExist" -> v.isEmpty();
            case "Gt", "Lt" -> v.size() == 1 && parseLong(v.get(0)) != null;
            default -> false;
        };
    }

    private static boolean matchesLabel(NodeSelectorRequirement r, Map<String, String> nodeLabels) {
        String actual = nodeLabels.get(r.getKey());
        return switch (r.getOperator()) {
            case "In" -> actual != null && values(r).contains(actual);
            case "NotIn" -> actual == null || !values(r).contains(actual);
            case "Exists" -> actual != null;
            case "DoesNotExist" -> actual == null;
            case "Gt", "Lt" -> {
                Long a = actual == null ? null : parseLong(actual);
                long bound = parseLong(values(r).get(0));
                yield a != null && ("Gt".equals(r.getOperator()) ? a > bound : a < bound);
            }
            default -> false;
        };
    }

    private static List<String> values(NodeSelectorRequirement r) {
        return r.getValues() == null ? List.of() : r.getValues();
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
