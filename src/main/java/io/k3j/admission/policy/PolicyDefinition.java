package io.k3j.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.cel.CelEnvironment;
import io.k3j.admission.cel.CompiledExpression;

import java.util.ArrayList;
import java.util.List;

/**
 * A ValidatingAdmissionPolicy with every expression compiled: parsed once per version of the policy object, so
 * requests only evaluate.
 *
 * @param paramKind null when the policy takes no parameters
 */
record PolicyDefinition(String name, boolean failOpen, ParamKind paramKind, MatchResources matchConstraints,
                        List<Named> matchConditions, List<Named> variables, List<Validation> validations) {

    record ParamKind(String group, String version, String kind) {
    }

    record Named(String name, CompiledExpression expression) {
    }

    /** @param messageExpression null when absent */
    record Validation(CompiledExpression expression, String message, CompiledExpression messageExpression,
                      String reason) {
    }

    static PolicyDefinition fromJson(JsonNode policy) {
        JsonNode spec = policy.path("spec");
        ParamKind paramKind = null;
        if (spec.hasNonNull("paramKind")) {
            String apiVersion = spec.path("paramKind").path("apiVersion").asText("");
            int slash = apiVersion.indexOf('/');
            paramKind = new ParamKind(slash < 0 ? "" : apiVersion.substring(0, slash),
                    slash < 0 ? apiVersion : apiVersion.substring(slash + 1), spec.path("paramKind").path("kind").asText());
        }
        List<Validation> validations = new ArrayList<>();
        for (JsonNode v : spec.path("validations")) {
            validations.add(new Validation(compile(v.path("expression").asText()), v.path("message").asText("").trim(),
                    v.hasNonNull("messageExpression") ? compile(v.get("messageExpression").asText()) : null,
                    v.path("reason").asText("")));
        }
        return new PolicyDefinition(policy.path("metadata").path("name").asText(),
                "Ignore".equals(spec.path("failurePolicy").asText("Fail")), paramKind,
                MatchResources.fromJson(spec.path("matchConstraints")), named(spec.path("matchConditions")),
                named(spec.path("variables")), List.copyOf(validations));
    }

    private static List<Named> named(JsonNode list) {
        List<Named> out = new ArrayList<>();
        for (JsonNode n : list) {
            out.add(new Named(n.path("name").asText(), compile(n.path("expression").asText())));
        }
        return List.copyOf(out);
    }

    private static CompiledExpression compile(String expression) {
        return CelEnvironment.ADMISSION.compile(expression);
    }
}
