package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One entry of a binding's {@code subjects}: a User, a Group or a ServiceAccount. */
public record Subject(String kind, String apiGroup, String name, String namespace) {

    public static final String USER = "User";
    public static final String GROUP = "Group";
    public static final String SERVICE_ACCOUNT = "ServiceAccount";
    public static final String SA_USER_PREFIX = "system:serviceaccount:";

    public static Subject user(String name) {
        return new Subject(USER, RoleRef.RBAC_GROUP, name, "");
    }

    public static Subject group(String name) {
        return new Subject(GROUP, RoleRef.RBAC_GROUP, name, "");
    }

    public static Subject serviceAccount(String namespace, String name) {
        return new Subject(SERVICE_ACCOUNT, "", name, namespace);
    }

    public static Subject fromJson(JsonNode s) {
        return new Subject(s.path("kind").asText(""), s.path("apiGroup").asText(""), s.path("name").asText(""),
                s.path("namespace").asText(""));
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (!apiGroup.isEmpty()) {
            n.put("apiGroup", apiGroup);
        }
        n.put("kind", kind);
        n.put("name", name);
        if (!namespace.isEmpty()) {
            n.put("namespace", namespace);
        }
        return n;
    }

    /**
     * The user name this subject stands for, or null when it names no user: a ServiceAccount is the user
     * {@code system:serviceaccount:<ns>:<name>}, its namespace defaulting to the binding's (a ClusterRoleBinding
     * has none, so there an SA without a namespace matches nobody, as upstream).
     */
    String userName(String bindingNamespace) {
        return switch (kind) {
            case USER -> name;
            case SERVICE_ACCOUNT -> {
                String ns = namespace.isEmpty() ? bindingNamespace : namespace;
                yield ns.isEmpty() ? null : SA_USER_PREFIX + ns + ":" + name;
            }
            default -> null;
        };
    }

    /** Upstream's appliesToUser. */
    boolean appliesTo(Requester who, String bindingNamespace) {
        if (GROUP.equals(kind)) {
            return who.groups().contains(name);
        }
        String user = userName(bindingNamespace);
        return user != null && user.equals(who.name());
    }

    /** As upstream's describeSubject prints it in allow reasons: {@code Group "g"}, {@code ServiceAccount "sa/ns"}. */
    String describe(String bindingNamespace) {
        if (SERVICE_ACCOUNT.equals(kind)) {
            return kind + " " + GoFormat.quote(name + "/" + (namespace.isEmpty() ? bindingNamespace : namespace));
        }
        return kind + " " + GoFormat.quote(name);
    }
}
