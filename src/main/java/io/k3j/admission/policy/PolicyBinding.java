package io.k3j.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A ValidatingAdmissionPolicyBinding: which policy, with which parameters, narrowed to which resources, enforced how
 * (Deny, Warn, Audit).
 *
 * @param paramRef       null when the binding names no parameters
 * @param matchResources null = everything the policy's matchConstraints match
 */
record PolicyBinding(String name, String policyName, ParamRef paramRef, MatchResources matchResources,
                     Set<String> validationActions) {

    /** @param selector null when the reference is by name */
    record ParamRef(String name, String namespace, LabelSelector selector, boolean denyWhenNotFound) {
    }

    static PolicyBinding fromJson(JsonNode binding) {
        JsonNode spec = binding.path("spec");
        ParamRef ref = null;
        if (spec.hasNonNull("paramRef")) {
            JsonNode p = spec.get("paramRef");
            LabelSelector selector = null;
            if (p.hasNonNull("selector")) {
                try {
                    selector = LabelSelector.fromJson(p.get("selector"));
                } catch (SelectorException e) {
                    selector = LabelSelector.nothing();
                }
            }
            ref = new ParamRef(p.path("name").asText(""), p.path("namespace").asText(""), selector,
                    "Deny".equals(p.path("parameterNotFoundAction").asText("Deny")));
        }
        Set<String> actions = new LinkedHashSet<>();
        spec.path("validationActions").forEach(a -> actions.add(a.asText()));
        return new PolicyBinding(binding.path("metadata").path("name").asText(), spec.path("policyName").asText(),
                ref, spec.hasNonNull("matchResources") ? MatchResources.fromJson(spec.get("matchResources")) : null,
                java.util.Collections.unmodifiableSet(actions)); // keeps the binding's order for audit entries
    }
}
