package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.rbac.RbacSnapshot.ClusterRoleEntry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The RBAC objects the authorizer decides with, fed by an informer: {@link #upsert} on ADDED/MODIFIED,
 * {@link #remove} on DELETED, {@link #replaceAll} after a (re)list. Objects are the rbac.authorization.k8s.io/v1
 * JSON the API serves, with {@code kind} set.
 *
 * <p>Every change publishes a new immutable {@link RbacSnapshot}; {@link #snapshot()} is one volatile read, so
 * event-loop threads never lock or wait. A change costs a copy of the one scope it touches (the cluster scope,
 * or one namespace) and a rebuild of that scope's subject index: fine for watch-event rates, and a relist
 * builds everything once. Writers are meant to be one informer thread; concurrent writers are still safe
 * (compare-and-set retry), just not useful.
 */
public final class RbacIndex {

    public static final String ROLE = "Role";
    public static final String CLUSTER_ROLE = "ClusterRole";
    public static final String ROLE_BINDING = "RoleBinding";
    public static final String CLUSTER_ROLE_BINDING = "ClusterRoleBinding";

    private final AtomicReference<RbacSnapshot> current = new AtomicReference<>(RbacSnapshot.EMPTY);

    /** The current view; hold on to it for one decision so every lookup sees the same state. */
    public RbacSnapshot snapshot() {
        return current.get();
    }

    /** Adds or replaces one object. */
    public void upsert(JsonNode obj) {
        String kind = obj.path("kind").asText("");
        String ns = obj.path("metadata").path("namespace").asText("");
        String name = obj.path("metadata").path("name").asText("");
        UnaryOperator<RbacSnapshot> change = switch (kind) {
            case CLUSTER_ROLE -> {
                ClusterRoleEntry e = new ClusterRoleEntry(((ObjectNode) obj).deepCopy(),
                        PolicyRule.listFromJson(obj.path("rules")));
                yield s -> s.withClusterRole(name, e);
            }
            case ROLE -> {
                List<PolicyRule> rules = PolicyRule.listFromJson(obj.path("rules"));
                yield s -> s.withRole(requireNamespace(kind, ns), name, rules);
            }
            case CLUSTER_ROLE_BINDING -> {
                Binding b = Binding.fromJson(obj);
                yield s -> s.withClusterRoleBinding(name, new Binding("", name, b.roleRef(), b.subjects()));
            }
            case ROLE_BINDING -> {
                Binding b = Binding.fromJson(obj);
                yield s -> s.withRoleBinding(requireNamespace(kind, ns), name, b);
            }
            default -> throw new IllegalArgumentException("not an RBAC object: kind " + kind);
        };
        current.updateAndGet(change);
    }

    /** Removes one object (as a DELETED event carries it). */
    public void remove(JsonNode obj) {
        remove(obj.path("kind").asText(""), obj.path("metadata").path("namespace").asText(""),
                obj.path("metadata").path("name").asText(""));
    }

    public void remove(String kind, String namespace, String name) {
        UnaryOperator<RbacSnapshot> change = switch (kind) {
            case CLUSTER_ROLE -> s -> s.withClusterRole(name, null);
            case ROLE -> s -> s.withRole(namespace, name, null);
            case CLUSTER_ROLE_BINDING -> s -> s.withClusterRoleBinding(name, null);
            case ROLE_BINDING -> s -> s.withRoleBinding(namespace, name, null);
            default -> throw new IllegalArgumentException("not an RBAC object: kind " + kind);
        };
        current.updateAndGet(change);
    }

    /** Replaces everything with these objects (any mix of the four kinds), as after an informer's list. */
    public void replaceAll(Iterable<? extends JsonNode> objects) {
        Map<String, ClusterRoleEntry> clusterRoles = new HashMap<>();
        Map<String, Binding> clusterBindings = new HashMap<>();
        Map<String, Map<String, List<PolicyRule>>> roles = new HashMap<>();
        Map<String, Map<String, Binding>> roleBindings = new HashMap<>();
        for (JsonNode obj : objects) {
            String kind = obj.path("kind").asText("");
            String ns = obj.path("metadata").path("namespace").asText("");
            String name = obj.path("metadata").path("name").asText("");
            switch (kind) {
                case CLUSTER_ROLE -> clusterRoles.put(name, new ClusterRoleEntry(((ObjectNode) obj).deepCopy(),
                        PolicyRule.listFromJson(obj.path("rules"))));
                case ROLE -> roles.computeIfAbsent(requireNamespace(kind, ns), k -> new HashMap<>())
                        .put(name, PolicyRule.listFromJson(obj.path("rules")));
                case CLUSTER_ROLE_BINDING -> {
                    Binding b = Binding.fromJson(obj);
                    clusterBindings.put(name, new Binding("", name, b.roleRef(), b.subjects()));
                }
                case ROLE_BINDING -> roleBindings.computeIfAbsent(requireNamespace(kind, ns), k -> new HashMap<>())
                        .put(name, Binding.fromJson(obj));
                default -> throw new IllegalArgumentException("not an RBAC object: kind " + kind);
            }
        }
        current.set(RbacSnapshot.build(clusterRoles, clusterBindings, roles, roleBindings));
    }

    private static String requireNamespace(String kind, String ns) {
        if (ns.isEmpty()) {
            throw new IllegalArgumentException(kind + " without metadata.namespace");
        }
        return ns;
    }
}
