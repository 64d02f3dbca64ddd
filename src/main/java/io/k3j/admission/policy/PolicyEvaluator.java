package io.k3j.admission.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.cel.CelEnvironment;
import io.k3j.admission.cel.CelValues;
import io.k3j.admission.cel.CompiledExpression;
import io.k3j.admission.webhook.AdmissionReviews;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one policy for one request and one parameter object: variables (in order, each seeing the earlier
 * ones), matchConditions, then validations. Returns the failures as decisions carrying upstream's messages; an
 * evaluation error counts as a failure unless the policy's failurePolicy is Ignore.
 */
final class PolicyEvaluator {

    /** Stands for "parameters required but not found" (a binding configuration error). */
    static final ObjectNode CONFIG_ERROR_MARKER = JsonNodeFactory.instance.objectNode();

    /** A failed validation (or an error): message, reason (empty = Invalid), which validation (-1 = none). */
    record Decision(String message, String reason, int expressionIndex) {
    }

    private final PolicyDefinition policy;
    private final Object object;
    private final Object oldObject;
    private final Object request;
    private final Object namespaceObject;

    PolicyEvaluator(PolicyDefinition policy, AdmissionRequest r, ObjectNode namespace) {
        this.policy = policy;
        this.object = CelValues.from(r.object());
        this.oldObject = CelValues.from(r.oldObject());
        this.request = CelValues.from(AdmissionReviews.attributes(r));
        this.namespaceObject = CelValues.from(namespace);
    }

    List<Decision> evaluate(ObjectNode param) {
        if (param == CONFIG_ERROR_MARKER) {
            return policy.failOpen() ? List.of() : List.of(new Decision(
                    "failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction",
                    "", -1));
        }
        Map<String, Object> variables = new HashMap<>();
        Map<String, Object> activation = CelEnvironment.activation(object, oldObject, request, CelValues.from(param),
                namespaceObject, variables);
        for (PolicyDefinition.Named v : policy.variables()) {
            try {
                variables.put(v.name(), v.expression().evaluate(activation));
            } catch (CompiledExpression.EvaluationError e) {
                // left undefined: expressions using it fail with their own error, as upstream's lazy variables do
            }
        }
        String conditionError = null;
        for (PolicyDefinition.Named c : policy.matchConditions()) {
            try {
                if (!c.expression().test(activation)) {
                    return List.of();
                }
            } catch (CompiledExpression.EvaluationError e) {
                if (conditionError == null) {
                    conditionError = "failed to evaluate matchCondition '" + c.name() + "': " + e.getMessage();
                }
            }
        }
        if (conditionError != null) {
            return policy.failOpen() ? List.of() : List.of(new Decision(conditionError, "", -1));
        }
        List<Decision> out = new ArrayList<>();
        List<PolicyDefinition.Validation> validations = policy.validations();
        for (int i = 0; i < validations.size(); i++) {
            PolicyDefinition.Validation v = validations.get(i);
            try {
                if (!v.expression().test(activation)) {
                    out.add(new Decision(message(v, activation), v.reason(), i));
                }
            } catch (CompiledExpression.EvaluationError e) {
                if (!policy.failOpen()) {
                    out.add(new Decision("expression '" + v.expression().expression() + "' resulted in error: "
                            + e.getMessage(), "", i));
                }
            }
        }
        return out;
    }

    /** messageExpression (one line, ≤ 5,000 bytes), else message, else {@code failed expression: <expression>}. */
    private static String message(PolicyDefinition.Validation v, Map<String, Object> activation) {
        if (v.messageExpression() != null) {
            try {
                Object m = v.messageExpression().evaluate(activation);
                if (m instanceof String s) {
                    s = s.trim();
                    if (!s.isEmpty() && s.length() <= 5_000 && s.indexOf('\n') < 0) {
                        return s;
                    }
                }
            } catch (CompiledExpression.EvaluationError e) {
                // upstream logs it and falls back to the static message
            }
        }
        if (!v.message().isEmpty()) {
            return v.message();
        }
        return "failed expression: " + v.expression().expression().trim();
    }
}
