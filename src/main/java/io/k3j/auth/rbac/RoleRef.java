package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A binding's {@code roleRef}: kind Role (in the binding's namespace) or ClusterRole. */
public record RoleRef(String apiGroup, String kind, String name) {

    public static final String RBAC_GROUP = "rbac.authorization.k8s.io";
    public static final String ROLE = "Role";
    public static final String CLUSTER_ROLE = "ClusterRole";

    public static RoleRef clusterRole(String name) {
        return new RoleRef(RBAC_GROUP, CLUSTER_ROLE, name);
    }

    public static RoleRef role(String name) {
        return new RoleRef(RBAC_GROUP, ROLE, name);
    }

    public static RoleRef fromJson(JsonNode r) {
        return new RoleRef(r.path("apiGroup").asText(""), r.path("kind").asText(""), r.path("name").asText(""));
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("apiGroup", apiGroup);
        n.put("kind", kind);
        n.put("name", name);
        return n;
    }
}
