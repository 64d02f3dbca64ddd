package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable, consistent view of every Role, ClusterRole, RoleBinding and ClusterRoleBinding, with the
 * bindings indexed by subject. Changes produce a new snapshot that shares every untouched scope with the old
 * one, so readers on any thread use a snapshot without locks and writers never disturb them.
 */
public final class RbacSnapshot {

    static final RbacSnapshot EMPTY = new RbacSnapshot(Map.of(), Map.of(), SubjectIndex.EMPTY, Map.of());

    /** A ClusterRole as served (labels and aggregationRule matter to aggregation) and its parsed rules. */
    record ClusterRoleEntry(ObjectNode object, List<PolicyRule> rules) {
    }

    /** Everything of one namespace: its Roles' rules and its RoleBindings, indexed. */
    record NamespacePolicy(Map<String, List<PolicyRule>> roles, Map<String, Binding> bindings, SubjectIndex index) {
        static final NamespacePolicy EMPTY = new NamespacePolicy(Map.of(), Map.of(), SubjectIndex.EMPTY);

        boolean isEmpty() {
            return roles.isEmpty() && bindings.isEmpty();
        }
    }

    /** Called for each rule that applies to a requester; return false to stop visiting. */
    @FunctionalInterface
    interface RuleVisitor {
        boolean visit(Binding binding, PolicyRule rule);
    }

    private final Map<String, ClusterRoleEntry> clusterRoles;
    private final Map<String, Binding> clusterBindings;
    private final SubjectIndex clusterIndex;
    private final Map<String, NamespacePolicy> namespaces;

    private RbacSnapshot(Map<String, ClusterRoleEntry> clusterRoles, Map<String, Binding> clusterBindings,
                         SubjectIndex clusterIndex, Map<String, NamespacePolicy> namespaces) {
        this.clusterRoles = clusterRoles;
        this.clusterBindings = clusterBindings;
        this.clusterIndex = clusterIndex;
        this.namespaces = namespaces;
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    /**
     * Upstream's VisitRulesFor: the rules of every ClusterRoleBinding that applies, then (when namespace is set)
     * of every RoleBinding in that namespace that applies. A binding whose role does not exist adds its error
     * text to {@code errors} and is skipped.
     *
     * @return false when the visitor stopped the walk
     */
    boolean visitRules(Requester who, String namespace, RuleVisitor visitor, List<String> errors) {
        if (!visitScope(clusterIndex, who, "", visitor, errors)) {
            return false;
        }
        if (namespace.isEmpty()) {
            return true;
        }
        NamespacePolicy ns = namespaces.get(namespace);
        return ns == null || visitScope(ns.index(), who, namespace, visitor, errors);
    }

    private boolean visitScope(SubjectIndex index, Requester who, String namespace, RuleVisitor visitor,
                               List<String> errors) {
        for (Binding b : index.candidates(who)) {
            List<PolicyRule> rules = roleRules(b.roleRef(), namespace);
            if (rules == null) {
                errors.add(missingRole(b.roleRef()));
                continue;
            }
            for (PolicyRule r : rules) {
                if (!visitor.visit(b, r)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Upstream's GetRoleReferenceRules; null when the role does not exist (or the kind is unknown). */
    List<PolicyRule> roleRules(RoleRef ref, String bindingNamespace) {
        return switch (ref.kind()) {
            case RoleRef.CLUSTER_ROLE -> {
                ClusterRoleEntry e = clusterRoles.get(ref.name());
                yield e == null ? null : e.rules();
            }
            case RoleRef.ROLE -> {
                NamespacePolicy ns = namespaces.get(bindingNamespace);
                yield ns == null ? null : ns.roles().get(ref.name());
            }
            default -> null;
        };
    }

    /** The error text upstream reports for a roleRef that resolves to nothing. */
    static String missingRole(RoleRef ref) {
        return switch (ref.kind()) {
            case RoleRef.CLUSTER_ROLE -> "clusterrole.rbac.authorization.k8s.io " + GoFormat.quote(ref.name()) + " not found";
            case RoleRef.ROLE -> "role.rbac.authorization.k8s.io " + GoFormat.quote(ref.name()) + " not found";
            default -> "unsupported role reference kind: " + GoFormat.quote(ref.kind());
        };
    }

    /** Every ClusterRole as served (copies: the snapshot's own objects stay untouched), e.g. for aggregation. */
    public List<ObjectNode> clusterRoles() {
        return clusterRoles.values().stream().map(e -> e.object().deepCopy()).map(ObjectNode.class::cast).toList();
    }

    public Optional<ObjectNode> clusterRole(String name) {
        return Optional.ofNullable(clusterRoles.get(name)).map(e -> e.object().deepCopy());
    }

    public int clusterRoleBindingCount() {
        return clusterBindings.size();
    }

    public int roleBindingCount() {
        return namespaces.values().stream().mapToInt(n -> n.bindings().size()).sum();
    }

    // ---- changes (each returns a new snapshot) --------------------------------------------------------------

    RbacSnapshot withClusterRole(String name, ClusterRoleEntry entry) {
        Map<String, ClusterRoleEntry> roles = put(clusterRoles, name, entry);
        return new RbacSnapshot(roles, clusterBindings, clusterIndex, namespaces);
    }

    RbacSnapshot withClusterRoleBinding(String name, Binding binding) {
        Map<String, Binding> bindings = put(clusterBindings, name, binding);
        return new RbacSnapshot(clusterRoles, bindings, SubjectIndex.of(bindings.values()), namespaces);
    }

    RbacSnapshot withRole(String namespace, String name, List<PolicyRule> rules) {
        NamespacePolicy ns = namespaces.getOrDefault(namespace, NamespacePolicy.EMPTY);
        return withNamespace(namespace, new NamespacePolicy(put(ns.roles(), name, rules), ns.bindings(), ns.index()));
    }

    RbacSnapshot withRoleBinding(String namespace, String name, Binding binding) {
        NamespacePolicy ns = namespaces.getOrDefault(namespace, NamespacePolicy.EMPTY);
        Map<String, Binding> bindings = put(ns.bindings(), name, binding);
        return withNamespace(namespace, new NamespacePolicy(ns.roles(), bindings, SubjectIndex.of(bindings.values())));
    }

    private RbacSnapshot withNamespace(String namespace, NamespacePolicy policy) {
        Map<String, NamespacePolicy> nss = put(namespaces, namespace, policy.isEmpty() ? null : policy);
        return new RbacSnapshot(clusterRoles, clusterBindings, clusterIndex, nss);
    }

    /** A copy of the map with key set to value, or removed when value is null. */
    private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        if (value == null && !map.containsKey(key)) {
            return map;
        }
        Map<String, V> copy = new HashMap<>(map);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return Map.copyOf(copy);
    }

    /** Builds a snapshot in one pass (a relist): each scope's index is built once. */
    static RbacSnapshot build(Map<String, ClusterRoleEntry> clusterRoles, Map<String, Binding> clusterBindings,
                              Map<String, Map<String, List<PolicyRule>>> roles,
                              Map<String, Map<String, Binding>> roleBindings) {
        Map<String, NamespacePolicy> nss = new HashMap<>();
        List<String> names = new ArrayList<>(roles.keySet());
        roleBindings.keySet().stream().filter(n -> !roles.containsKey(n)).forEach(names::add);
        for (String ns : names) {
            Map<String, List<PolicyRule>> r = Map.copyOf(roles.getOrDefault(ns, Map.of()));
            Map<String, Binding> b = Map.copyOf(roleBindings.getOrDefault(ns, Map.of()));
            nss.put(ns, new NamespacePolicy(r, b, SubjectIndex.of(b.values())));
        }
        Map<String, Binding> cb = Map.copyOf(clusterBindings);
        return new RbacSnapshot(Map.copyOf(clusterRoles), cb, SubjectIndex.of(cb.values()), Map.copyOf(nss));
    }
}
