package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.Authorizer;
import io.k3j.auth.UserInfo;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Upstream's RBAC escalation prevention, run on create and update of roles and bindings after ordinary
 * authorization has allowed the write:
 * <ul>
 *   <li>a Role or ClusterRole may be written only by someone who already holds every rule in it (in the role's
 *       namespace; cluster-wide for a ClusterRole), or who may {@code escalate} that role resource; setting an
 *       aggregationRule needs full authority ({@code *} on everything), since it can gather any rule;</li>
 *   <li>a RoleBinding or ClusterRoleBinding may be written only by someone who holds every rule of the role it
 *       references (in the binding's namespace), or who may {@code bind} that role (resourceNames honoured);</li>
 *   <li>members of system:masters skip the check; so does an update that changes only ownerReferences,
 *       finalizers and managedFields (the garbage collector's edits).</li>
 * </ul>
 * A denial is a 403 Forbidden Status with upstream's text (see {@link Denial}).
 */
public final class Escalation {

    public static final String RBAC_GROUP = RoleRef.RBAC_GROUP;

    /** The rule set of upstream's "fullAuthority": what using an aggregationRule requires. */
    private static final List<PolicyRule> FULL_AUTHORITY = List.of(
            PolicyRule.verbs("*").groups("*").resources("*"),
            PolicyRule.verbs("*").urls("*"));

    private final RbacIndex index;
    private final Authorizer authorizer;

    /**
     * @param authorizer answers the {@code escalate} and {@code bind} checks: the server's full authorizer chain,
     *                   as upstream (or the {@link RbacAuthorizer} on this index)
     */
    public Escalation(RbacIndex index, Authorizer authorizer) {
        this.index = index;
        this.authorizer = authorizer;
    }

    /**
     * A refused write: answer 403 Forbidden with this message; Status details {@code name}, {@code group}
     * rbac.authorization.k8s.io, {@code kind} = resource.
     */
    public record Denial(String resource, String name, String message) {
    }

    /**
     * Checks a create ({@code oldRole} null) or update of a Role ({@code namespace} set) or ClusterRole.
     *
     * @param requestName the name in the request URL (empty on create), which {@code escalate} rules with
     *                    resourceNames are matched against
     */
    public Optional<Denial> checkRole(UserInfo user, String namespace, String requestName, JsonNode newRole,
                                      JsonNode oldRole) {
        String resource = namespace.isEmpty() ? "clusterroles" : "roles";
        String name = newRole.path("metadata").path("name").asText("");
        if (user.inGroup(UserInfo.MASTERS)
                || authorizer.allowedResource(user, "escalate", RBAC_GROUP, resource, "", namespace, requestName)
                || onlyGarbageCollectorChanges(newRole, oldRole)) {
            return Optional.empty();
        }
        Optional<String> missing = missingRules(user, namespace, PolicyRule.listFromJson(newRole.path("rules")));
        if (missing.isPresent()) {
            return Optional.of(denial(resource, name, missing.get()));
        }
        if (namespace.isEmpty() && newRole.path("aggregationRule").isObject()
                && missingRules(user, namespace, FULL_AUTHORITY).isPresent()) {
            return Optional.of(denial(resource, name, "must have cluster-admin privileges to use the aggregationRule"));
        }
        return Optional.empty();
    }

    /** Checks a create ({@code oldBinding} null) or update of a RoleBinding ({@code namespace} set) or ClusterRoleBinding. */
    public Optional<Denial> checkBinding(UserInfo user, String namespace, JsonNode newBinding, JsonNode oldBinding) {
        String resource = namespace.isEmpty() ? "clusterrolebindings" : "rolebindings";
        String name = newBinding.path("metadata").path("name").asText("");
        if (user.inGroup(UserInfo.MASTERS) || onlyGarbageCollectorChanges(newBinding, oldBinding)) {
            return Optional.empty();
        }
        RoleRef ref = RoleRef.fromJson(newBinding.path("roleRef"));
        if (bindAuthorized(user, ref, namespace)) {
            return Optional.empty();
        }
        List<PolicyRule> rules = index.snapshot().roleRules(ref, namespace);
        if (rules == null) {
            return Optional.of(denial(resource, name, RbacSnapshot.missingRole(ref)));
        }
        return missingRules(user, namespace, rules).map(msg -> denial(resource, name, msg));
    }

    /** Upstream's BindingAuthorized: may the user {@code bind} the referenced role, here? */
    private boolean bindAuthorized(UserInfo user, RoleRef ref, String namespace) {
        String resource = switch (ref.kind()) {
            case RoleRef.CLUSTER_ROLE -> "clusterroles";
            case RoleRef.ROLE -> "roles";
            default -> null;
        };
        return resource != null && authorizer.allowedResource(user, "bind", ref.apiGroup(), resource, "", namespace,
                ref.name());
    }

    /**
     * Upstream's ConfirmNoEscalation: empty when the user's RBAC rules in the namespace cover {@code wanted},
     * else the message naming what is missing.
     */
    private Optional<String> missingRules(UserInfo user, String namespace, List<PolicyRule> wanted) {
        Requester who = Requester.of(user);
        RulesReview.HeldRules held = RulesReview.held(index.snapshot(), who, namespace);
        List<PolicyRule> missing = RuleCoverage.uncovered(held.rules(), wanted);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> lines = new TreeSet<>();
        RuleCoverage.compact(missing).forEach(r -> lines.add(r.compactString()));
        String msg = "user " + GoFormat.quote(user.name()) + " (groups=" + GoFormat.quote(who.groupList())
                + ") is attempting to grant RBAC permissions not currently held:\n" + String.join("\n", lines);
        if (!held.errors().isEmpty()) {
            msg += "; resolution errors: [" + held.errorText() + "]";
        }
        return Optional.of(msg);
    }

    private static Denial denial(String resource, String name, String reason) {
        String qualified = resource + "." + RBAC_GROUP;
        String what = name.isEmpty() ? qualified : qualified + " " + GoFormat.quote(name);
        return new Denial(resource, name, what + " is forbidden: " + reason);
    }

    /**
     * Upstream's IsOnlyMutatingGCFields: the update differs from the stored object only in ownerReferences,
     * finalizers or managedFields. Server-set bookkeeping (resourceVersion, uid, creationTimestamp, generation,
     * selfLink) is ignored too: the server owns it whatever the client sent.
     */
    static boolean onlyGarbageCollectorChanges(JsonNode newObj, JsonNode oldObj) {
        if (oldObj == null || oldObj.isNull() || oldObj.isMissingNode()) {
            return false;
        }
        return withoutGcFields(newObj).equals(withoutGcFields(oldObj));
    }

    private static JsonNode withoutGcFields(JsonNode obj) {
        ObjectNode copy = obj.deepCopy();
        if (copy.get("metadata") instanceof ObjectNode meta) {
            meta.remove(List.of("ownerReferences", "finalizers", "managedFields", "selfLink", "resourceVersion",
                    "uid", "creationTimestamp", "generation"));
        }
        return copy;
    }
}
