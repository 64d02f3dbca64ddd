package io.k3j.admission.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.admission.match.ExemptResources;
import io.k3j.admission.match.NamespaceLabels;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ValidatingAdmissionPolicy: every ValidatingAdmissionPolicyBinding (by name) whose policy exists and whose
 * matchConstraints and matchResources match the request evaluates the policy's CEL validations — per parameter
 * object when the policy has a paramKind. A failed validation is enforced as the binding's validationActions say:
 * Deny refuses the request (the first denial is reported, with upstream's text and the validation's reason), Warn
 * adds a warning, Audit an audit annotation.
 */
public final class ValidatingPolicyPlugin implements ValidatingPlugin {

    public static final String NAME = "ValidatingAdmissionPolicy";
    static final String AUDIT_KEY = "validation.policy.admission.k8s.io/validation_failure";

    private final ParsedIndex<PolicyDefinition> policies;
    private final ParsedIndex<PolicyBinding> bindings;
    private final NamespaceLabels namespaces;
    private final ParamResolver params;

    public ValidatingPolicyPlugin(AdmissionEnv env) {
        this.policies = new ParsedIndex<>(env.lookup(), ExemptResources.GROUP, "validatingadmissionpolicies",
                PolicyDefinition::fromJson);
        this.bindings = new ParsedIndex<>(env.lookup(), ExemptResources.GROUP, "validatingadmissionpolicybindings",
                PolicyBinding::fromJson);
        this.namespaces = new NamespaceLabels(env.lookup());
        this.params = new ParamResolver(env.lookup());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest request) {
        return !ExemptResources.exempt(request);
    }

    @Override
    public Future<Void> validate(AdmissionRequest r) {
        return bindings.all().compose(bs -> {
            if (bs.isEmpty()) {
                return Future.succeededFuture();
            }
            return policies.all().compose(ps -> {
                Map<String, PolicyDefinition> byName = new HashMap<>();
                ps.forEach(p -> byName.put(p.name(), p));
                Outcome outcome = new Outcome();
                Future<Void> chain = Future.succeededFuture();
                for (PolicyBinding b : bs) {
                    PolicyDefinition p = byName.get(b.policyName());
                    if (p != null) {
                        chain = chain.compose(v -> evaluateBinding(p, b, r, outcome));
                    }
                }
                return chain.compose(v -> outcome.finish(r));
            });
        });
    }

    private Future<Void> evaluateBinding(PolicyDefinition p, PolicyBinding b, AdmissionRequest r, Outcome outcome) {
        Future<Boolean> matches = p.matchConstraints().matches(r, namespaces, false);
        if (b.matchResources() != null) {
            matches = matches.compose(m -> m ? b.matchResources().matches(r, namespaces, true) : Future.succeededFuture(false));
        }
        return matches.compose(m -> {
            if (!m) {
                return Future.succeededFuture();
            }
            return namespaces.namespace(r).compose(ns -> paramsFor(p, b, r).map(paramObjects -> {
                if (paramObjects == null) {
                    return null; // binding configuration error already recorded or ignored
                }
                PolicyEvaluator evaluator = new PolicyEvaluator(p, r, ns);
                for (ObjectNode param : paramObjects) {
                    evaluator.evaluate(param).forEach(d -> outcome.record(p, b, d, r));
                }
                return null;
            }));
        });
    }

    /** The parameter objects to evaluate with ({@code null} element = no params); null when the binding cannot run. */
    private Future<List<ObjectNode>> paramsFor(PolicyDefinition p, PolicyBinding b, AdmissionRequest r) {
        List<ObjectNode> none = new ArrayList<>();
        none.add(null);
        if (p.paramKind() == null) {
            return Future.succeededFuture(none);
        }
        if (b.paramRef() == null) {
            return Future.succeededFuture(none);
        }
        return params.params(p.paramKind(), b.paramRef(), r).map(found -> {
            if (!found.isEmpty()) {
                return found;
            }
            if (!b.paramRef().denyWhenNotFound()) {
                return null;
            }
            return List.of(PolicyEvaluator.CONFIG_ERROR_MARKER);
        });
    }

    /** Decisions of every binding: the first denial, warnings as they come, audit entries collected. */
    private static final class Outcome {
        AdmissionDenied denial;
        final ArrayNode audit = JsonNodeFactory.instance.arrayNode();

        void record(PolicyDefinition p, PolicyBinding b, PolicyEvaluator.Decision d, AdmissionRequest r) {
            if (b.validationActions().contains("Deny") && denial == null) {
                String message = "ValidatingAdmissionPolicy '" + p.name() + "' with binding '" + b.name()
                        + "' denied request: " + d.message();
                String reason = d.reason().isEmpty() ? "Invalid" : d.reason();
                denial = AdmissionDenied.forbiddenWithCause(r, code(reason), reason, message);
            }
            if (b.validationActions().contains("Warn")) {
                r.warn("Validation failed for ValidatingAdmissionPolicy '" + p.name() + "' with binding '" + b.name()
                        + "': " + d.message());
            }
            if (b.validationActions().contains("Audit")) {
                ObjectNode entry = audit.addObject().put("message", d.message()).put("policy", p.name())
                        .put("binding", b.name()).put("expressionIndex", d.expressionIndex());
                ArrayNode actions = entry.putArray("validationActions");
                b.validationActions().forEach(actions::add);
            }
        }

        Future<Void> finish(AdmissionRequest r) {
            if (!audit.isEmpty()) {
                r.annotate(AUDIT_KEY, audit.toString());
            }
            return denial == null ? Future.succeededFuture() : Future.failedFuture(denial);
        }

        /** Upstream's reasonToCode for the reasons a validation may give. */
        private static int code(String reason) {
            return switch (reason) {
                case "Unauthorized" -> 401;
                case "Forbidden" -> 403;
                case "RequestEntityTooLarge" -> 413;
                default -> 422;
            };
        }
    }
}
