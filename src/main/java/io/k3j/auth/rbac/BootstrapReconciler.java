package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's bootstrap reconciliation (in its additive mode, the one kube-apiserver runs at start), as a pure
 * function: given the object in the cluster (or none) and the bootstrap default, what to write.
 * <ul>
 *   <li>missing → create the default;</li>
 *   <li>annotation {@code rbac.authorization.kubernetes.io/autoupdate: "false"} → leave it alone;</li>
 *   <li>roles: add the default's labels and annotations the object lacks (its own values win), add every default
 *       rule the object's rules do not cover (as single-verb rules), add missing aggregation selectors, drop an
 *       aggregationRule the default does not have; never remove a rule someone added;</li>
 *   <li>bindings: a different roleRef (immutable) → delete and recreate as the default; otherwise add missing
 *       labels, annotations and subjects, never removing a subject someone added.</li>
 * </ul>
 */
public final class BootstrapReconciler {

    public enum Operation {
        /** Nothing to write. */
        NONE,
        /** Create {@link Result#object()}. */
        CREATE,
        /** Update to {@link Result#object()} (it keeps the existing resourceVersion for a conflict-checked write). */
        UPDATE,
        /** Delete the existing object, then create {@link Result#object()}. */
        RECREATE
    }

    /**
     * @param object       what to write; null for NONE
     * @param protectedObj true when the existing object opted out with autoupdate "false"
     */
    public record Result(Operation operation, ObjectNode object, boolean protectedObj) {
        static final Result NONE = new Result(Operation.NONE, null, false);
        static final Result PROTECTED = new Result(Operation.NONE, null, true);
    }

    private BootstrapReconciler() {
    }

    public static Result reconcile(JsonNode existing, ObjectNode expected) {
        if (existing == null || existing.isNull() || existing.isMissingNode()) {
            return new Result(Operation.CREATE, expected.deepCopy(), false);
        }
        if ("false".equals(existing.path("metadata").path("annotations").path(BootstrapPolicy.AUTOUPDATE_ANNOTATION).asText())) {
            return Result.PROTECTED;
        }
        String kind = expected.path("kind").asText();
        return switch (kind) {
            case RbacIndex.ROLE, RbacIndex.CLUSTER_ROLE -> reconcileRole(existing, expected);
            case RbacIndex.ROLE_BINDING, RbacIndex.CLUSTER_ROLE_BINDING -> reconcileBinding(existing, expected);
            default -> throw new IllegalArgumentException("not an RBAC object: kind " + kind);
        };
    }

    private static Result reconcileRole(JsonNode existing, ObjectNode expected) {
        ObjectNode result = existing.deepCopy();
        boolean changed = mergeMetadata(result, expected);

        List<PolicyRule> missing = RuleCoverage.uncovered(PolicyRule.listFromJson(existing.path("rules")),
                PolicyRule.listFromJson(expected.path("rules")));
        if (!missing.isEmpty()) {
            ArrayNode rules = result.path("rules").isArray() ? (ArrayNode) result.get("rules") : result.putArray("rules");
            missing.forEach(r -> rules.add(r.toJson()));
            changed = true;
        }

        JsonNode expectedAgg = expected.get("aggregationRule");
        JsonNode existingAgg = existing.get("aggregationRule");
        boolean expectsAgg = expectedAgg != null && expectedAgg.isObject();
        boolean hasAgg = existingAgg != null && existingAgg.isObject();
        if (!expectsAgg && hasAgg) {
            result.remove("aggregationRule");
            changed = true;
        } else if (expectsAgg) {
            List<JsonNode> missingSelectors = missingSelectors(hasAgg ? existingAgg : null, expectedAgg);
            if (!missingSelectors.isEmpty()) {
                ObjectNode agg = hasAgg ? (ObjectNode) result.get("aggregationRule") : result.putObject("aggregationRule");
                ArrayNode selectors = agg.path("clusterRoleSelectors").isArray()
                        ? (ArrayNode) agg.get("clusterRoleSelectors") : agg.putArray("clusterRoleSelectors");
                missingSelectors.forEach(s -> selectors.add(s.deepCopy()));
                changed = true;
            }
        }
        return changed ? new Result(Operation.UPDATE, result, false) : Result.NONE;
    }

    private static Result reconcileBinding(JsonNode existing, ObjectNode expected) {
        if (!RoleRef.fromJson(existing.path("roleRef")).equals(RoleRef.fromJson(expected.path("roleRef")))) {
            return new Result(Operation.RECREATE, expected.deepCopy(), false);
        }
        ObjectNode result = existing.deepCopy();
        boolean changed = mergeMetadata(result, expected);
        List<Subject> have = new ArrayList<>();
        existing.path("subjects").forEach(s -> have.add(Subject.fromJson(s)));
        for (JsonNode s : expected.path("subjects")) {
            Subject want = Subject.fromJson(s);
            if (!have.contains(want)) {
                ArrayNode subjects = result.path("subjects").isArray() ? (ArrayNode) result.get("subjects")
                        : result.putArray("subjects");
                subjects.add(want.toJson());
                have.add(want);
                changed = true;
            }
        }
        return changed ? new Result(Operation.UPDATE, result, false) : Result.NONE;
    }

    /** Adds the expected labels and annotations the object lacks; its own values win. True when anything was added. */
    private static boolean mergeMetadata(ObjectNode result, ObjectNode expected) {
        ObjectNode meta = result.path("metadata").isObject() ? (ObjectNode) result.get("metadata") : result.putObject("metadata");
        boolean changed = false;
        for (String field : List.of("labels", "annotations")) {
            JsonNode want = expected.path("metadata").path(field);
            if (!want.isObject() || want.isEmpty()) {
                continue;
            }
            ObjectNode have = meta.path(field).isObject() ? (ObjectNode) meta.get(field) : null;
            for (var e : want.properties()) {
                if (have == null) {
                    have = meta.putObject(field);
                }
                if (!have.has(e.getKey())) {
                    have.set(e.getKey(), e.getValue().deepCopy());
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** Expected selectors with no semantically equal selector in the existing rule. */
    private static List<JsonNode> missingSelectors(JsonNode existingAgg, JsonNode expectedAgg) {
        List<JsonNode> have = new ArrayList<>();
        if (existingAgg != null) {
            existingAgg.path("clusterRoleSelectors").forEach(s -> have.add(normalized(s)));
        }
        List<JsonNode> missing = new ArrayList<>();
        for (JsonNode s : expectedAgg.path("clusterRoleSelectors")) {
            if (!have.contains(normalized(s))) {
                missing.add(s);
            }
        }
        return missing;
    }

    /** Empty matchLabels/matchExpressions equal absent ones, as Go's semantic equality treats nil and empty alike. */
    private static JsonNode normalized(JsonNode selector) {
        ObjectNode copy = selector.isObject() ? selector.deepCopy() : com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        for (String f : List.of("matchLabels", "matchExpressions")) {
            JsonNode v = copy.get(f);
            if (v != null && (v.isNull() || v.isEmpty())) {
                copy.remove(f);
            }
        }
        return copy;
    }
}
