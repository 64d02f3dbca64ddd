package io.k3j.volume;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PersistentVolume's spec.nodeAffinity.required, parsed once: the volume can be used on a node whose labels match
 * any of the terms (each term: all of its requirements). As upstream's CheckNodeAffinity, the node is judged by its
 * labels only, so a matchFields requirement on metadata.name sees an empty name.
 */
public final class VolumeNodeAffinity {

    /** No affinity: every node may use the volume. */
    public static final VolumeNodeAffinity NONE = new VolumeNodeAffinity(null);

    private record Requirement(String key, String operator, List<String> values, boolean field) {
    }

    private record Term(List<Requirement> requirements) {
    }

    /** null when the volume has no required affinity. */
    private final List<Term> terms;

    private VolumeNodeAffinity(List<Term> terms) {
        this.terms = terms;
    }

    public static VolumeNodeAffinity of(JsonNode pv) {
        JsonNode required = pv.path("spec").path("nodeAffinity").path("required");
        if (!required.isObject()) {
            return NONE;
        }
        List<Term> terms = new ArrayList<>();
        for (JsonNode t : required.path("nodeSelectorTerms")) {
            List<Requirement> reqs = new ArrayList<>();
            t.path("matchExpressions").forEach(e -> reqs.add(requirement(e, false)));
            t.path("matchFields").forEach(e -> reqs.add(requirement(e, true)));
            terms.add(new Term(List.copyOf(reqs)));
        }
        return new VolumeNodeAffinity(List.copyOf(terms));
    }

    private static Requirement requirement(JsonNode e, boolean field) {
        return new Requirement(Json.text(e.path("key")), Json.text(e.path("operator")), Json.list(e.path("values")), field);
    }

    public boolean isSet() {
        return terms != null;
    }

    /** Whether a node with these labels satisfies the volume's affinity (upstream: "no matching NodeSelectorTerms"). */
    public boolean matches(Map<String, String> nodeLabels) {
        if (terms == null) {
            return true;
        }
        for (Term t : terms) {
            if (!t.requirements().isEmpty() && t.requirements().stream().allMatch(r -> matches(r, nodeLabels))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Requirement r, Map<String, String> labels) {
        if (r.field()) {
            // Only metadata.name is a valid field; CheckNodeAffinity's node has no name.
            return r.key().equals("metadata.name") && switch (r.operator()) {
                case "In" -> r.values().size() == 1 && r.values().get(0).isEmpty();
                case "NotIn" -> r.values().size() == 1 && !r.values().get(0).isEmpty();
                default -> false;
            };
        }
        String v = labels.get(r.key());
        return switch (r.operator()) {
            case "In" -> v != null && r.values().contains(v);
            case "NotIn" -> v == null || !r.values().contains(v);
            case "Exists" -> v != null && r.values().isEmpty();
            case "DoesNotExist" -> v == null && r.values().isEmpty();
            case "Gt", "Lt" -> v != null && r.values().size() == 1 && compare(v, r.values().get(0), r.operator().equals("Gt"));
            default -> false;
        };
    }

    private static boolean compare(String label, String bound, boolean greater) {
        try {
            long l = Long.parseLong(label);
            long b = Long.parseLong(bound);
            return greater ? l > b : l < b;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
