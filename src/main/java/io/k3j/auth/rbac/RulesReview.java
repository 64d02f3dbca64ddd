package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.UserInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules a user holds in a namespace, as a SelfSubjectRulesReview (and {@code kubectl auth can-i --list})
 * reports them: every rule of every ClusterRoleBinding that applies, then of every RoleBinding in the
 * namespace, in that order and unmerged, split into resource rules and non-resource rules. Bindings whose role
 * is missing are skipped and their errors reported as {@code evaluationError}, as upstream's RBAC rule resolver
 * does (it leaves {@code incomplete} false; other authorizers, like Node, set that).
 */
public final class RulesReview {

    private final RbacIndex index;

    public RulesReview(RbacIndex index) {
        this.index = index;
    }

    /** A SubjectRulesReviewStatus. */
    public record Result(List<PolicyRule> resourceRules, List<PolicyRule> nonResourceRules, boolean incomplete,
                         String evaluationError) {

        /** The {@code status} object of a SelfSubjectRulesReview response. */
        public ObjectNode statusJson() {
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            ArrayNode res = status.putArray("resourceRules");
            for (PolicyRule r : resourceRules) {
                ObjectNode n = res.addObject();
                PolicyRule.put(n, "verbs", r.verbs(), true);
                PolicyRule.put(n, "apiGroups", r.apiGroups(), false);
                PolicyRule.put(n, "resources", r.resources(), false);
                PolicyRule.put(n, "resourceNames", r.resourceNames(), false);
            }
            ArrayNode non = status.putArray("nonResourceRules");
            for (PolicyRule r : nonResourceRules) {
                ObjectNode n = non.addObject();
                PolicyRule.put(n, "verbs", r.verbs(), true);
                PolicyRule.put(n, "nonResourceURLs", r.nonResourceURLs(), false);
            }
            status.put("incomplete", incomplete);
            if (!evaluationError.isEmpty()) {
                status.put("evaluationError", evaluationError);
            }
            return status;
        }
    }

    public Result review(UserInfo user, String namespace) {
        HeldRules held = held(index.snapshot(), Requester.of(user), namespace == null ? "" : namespace);
        List<PolicyRule> resource = new ArrayList<>();
        List<PolicyRule> nonResource = new ArrayList<>();
        for (PolicyRule r : held.rules()) {
            if (!r.resources().isEmpty()) {
                resource.add(new PolicyRule(r.verbs(), r.apiGroups(), r.resources(), r.resourceNames(), List.of()));
            }
            if (!r.nonResourceURLs().isEmpty()) {
                nonResource.add(new PolicyRule(r.verbs(), List.of(), List.of(), List.of(), r.nonResourceURLs()));
            }
        }
        return new Result(resource, nonResource, false, held.errorText());
    }

    /** Upstream's RulesFor: every rule the requester holds in the namespace, and the resolution errors. */
    record HeldRules(List<PolicyRule> rules, List<String> errors) {
        String errorText() {
            return errors.isEmpty() ? "" : GoFormat.aggregate(errors);
        }
    }

    static HeldRules held(RbacSnapshot snapshot, Requester who, String namespace) {
        List<PolicyRule> rules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        snapshot.visitRules(who, namespace, (binding, rule) -> rules.add(rule), errors);
        return new HeldRules(rules, errors);
    }
}
