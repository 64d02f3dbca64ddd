package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.selector.LabelSelector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What upstream's clusterrole-aggregation controller computes: an aggregated ClusterRole's rules are the rules
 * of every other ClusterRole matched by any of its {@code aggregationRule.clusterRoleSelectors}, selectors in
 * order, matched roles by name, each distinct rule once. The controller writes them into the role (upstream
 * applies them with field manager {@code clusterrole-aggregation-controller}); authorization then just reads
 * {@code rules}. Aggregation chains (view into edit into admin) settle as each write triggers the next pass.
 *
 * <p>Pure functions: the caller owns the informer cache and the writes. A controller re-checks every
 * aggregated ClusterRole whenever any ClusterRole changes, as upstream's does.
 */
public final class ClusterRoleAggregation {

    public static final String FIELD_MANAGER = "clusterrole-aggregation-controller";

    private ClusterRoleAggregation() {
    }

    public static boolean isAggregated(JsonNode clusterRole) {
        return clusterRole.path("aggregationRule").isObject();
    }

    /**
     * The rules the aggregated role should have now.
     *
     * @throws io.k3j.api.selector.SelectorException when a selector is invalid (upstream's controller fails the sync)
     */
    public static List<PolicyRule> aggregate(JsonNode clusterRole, Collection<? extends JsonNode> allClusterRoles) {
        String self = clusterRole.path("metadata").path("name").asText("");
        List<JsonNode> sorted = new ArrayList<>(allClusterRoles);
        sorted.sort(Comparator.comparing(r -> r.path("metadata").path("name").asText("")));
        List<PolicyRule> rules = new ArrayList<>();
        for (JsonNode selectorJson : clusterRole.path("aggregationRule").path("clusterRoleSelectors")) {
            LabelSelector selector = LabelSelector.fromJson(selectorJson);
            for (JsonNode other : sorted) {
                if (other.path("metadata").path("name").asText("").equals(self)
                        || !selector.matches(other.path("metadata").path("labels"))) {
                    continue;
                }
                for (PolicyRule r : PolicyRule.listFromJson(other.path("rules"))) {
                    if (!rules.contains(r)) {
                        rules.add(r);
                    }
                }
            }
        }
        return rules;
    }

    /** The role with its aggregated rules written in, or empty when it is not aggregated or already up to date. */
    public static Optional<ObjectNode> update(JsonNode clusterRole, Collection<? extends JsonNode> allClusterRoles) {
        if (!isAggregated(clusterRole)) {
            return Optional.empty();
        }
        List<PolicyRule> rules = aggregate(clusterRole, allClusterRoles);
        if (rules.equals(PolicyRule.listFromJson(clusterRole.path("rules")))) {
            return Optional.empty();
        }
        ObjectNode updated = clusterRole.deepCopy();
        updated.set("rules", PolicyRule.listToJson(rules));
        return Optional.of(updated);
    }

    /**
     * Runs aggregation over a whole set until nothing changes (what the controller reaches after its passes):
     * the set with every aggregated role's rules filled in. Useful at bootstrap and in tests.
     */
    public static List<ObjectNode> settle(Collection<? extends JsonNode> clusterRoles) {
        Map<String, ObjectNode> byName = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (JsonNode r : clusterRoles) {
            String name = r.path("metadata").path("name").asText("");
            byName.put(name, r.deepCopy());
            order.add(name);
        }
        // Each pass fills at least one more level of a chain; a chain can be no longer than the number of roles.
        for (int pass = 0; pass <= byName.size(); pass++) {
            boolean changed = false;
            for (String name : order) {
                Optional<ObjectNode> u = update(byName.get(name), byName.values());
                if (u.isPresent()) {
                    byName.put(name, u.get());
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return order.stream().map(byName::get).toList();
    }
}
