package io.k3j.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.match.NamespaceLabels;
import io.k3j.admission.match.RuleWithOperations;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.vertx.core.Future;

import java.util.List;

/**
 * A policy's matchConstraints or a binding's matchResources: resourceRules (with resourceNames), excludeResourceRules,
 * namespaceSelector, objectSelector. A request matches when a resource rule matches, no exclude rule does, and both
 * selectors do.
 */
record MatchResources(List<RuleWithOperations> resourceRules, List<RuleWithOperations> excludeResourceRules,
                      LabelSelector namespaceSelector, LabelSelector objectSelector) {

    static MatchResources fromJson(JsonNode m) {
        return new MatchResources(RuleWithOperations.listFromJson(m.path("resourceRules")),
                RuleWithOperations.listFromJson(m.path("excludeResourceRules")),
                selector(m.path("namespaceSelector")), selector(m.path("objectSelector")));
    }

    /**
     * @param emptyRulesMatchAll a binding's matchResources without resourceRules does not narrow the policy's
     *                           resources; a policy's matchConstraints without them matches nothing
     */
    Future<Boolean> matches(AdmissionRequest r, NamespaceLabels namespaces, boolean emptyRulesMatchAll) {
        boolean ruled = (emptyRulesMatchAll && resourceRules.isEmpty() || resourceRules.stream().anyMatch(rule -> rule.matches(r)))
                && excludeResourceRules.stream().noneMatch(rule -> rule.matches(r))
                && NamespaceLabels.objectMatches(objectSelector, r);
        return ruled ? namespaces.matches(namespaceSelector, r) : Future.succeededFuture(false);
    }

    private static LabelSelector selector(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return LabelSelector.everything();
        }
        try {
            return LabelSelector.fromJson(node);
        } catch (SelectorException e) {
            return LabelSelector.nothing();
        }
    }
}
