package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** Builds bootstrap objects in the API's JSON shape, each labelled and annotated as upstream's bootstrap marks them. */
final class BootstrapObjects {

    static final String API_VERSION = "rbac.authorization.k8s.io/v1";
    static final String[] READ = {"get", "list", "watch"};
    static final String[] READ_WRITE = {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
    static final String[] WRITE = {"create", "delete", "deletecollection", "patch", "update"};
    static final String CORE = "";

    private BootstrapObjects() {
    }

    /** Upstream's eventsRule(): recording events through either API group. */
    static PolicyRule events() {
        return PolicyRule.verbs("create", "update", "patch").groups(CORE, "events.k8s.io").resources("events");
    }

    static ObjectNode clusterRole(String name, PolicyRule... rules) {
        ObjectNode o = object(RbacIndex.CLUSTER_ROLE, "", name, Map.of());
        o.set("rules", PolicyRule.listToJson(List.of(rules)));
        return o;
    }

    /** An aggregated ClusterRole: selects roles labelled {@code selectLabel: "true"}; rules are filled by aggregation. */
    static ObjectNode aggregatedClusterRole(String name, String selectLabel, Map<String, String> extraLabels) {
        ObjectNode o = object(RbacIndex.CLUSTER_ROLE, "", name, extraLabels);
        o.putObject("aggregationRule").putArray("clusterRoleSelectors").addObject()
                .putObject("matchLabels").put(selectLabel, "true");
        return o;
    }

    static ObjectNode labelled(ObjectNode role, String label) {
        ((ObjectNode) role.path("metadata").path("labels")).put(label, "true");
        return role;
    }

    static ObjectNode role(String namespace, String name, PolicyRule... rules) {
        ObjectNode o = object(RbacIndex.ROLE, namespace, name, Map.of());
        o.set("rules", PolicyRule.listToJson(List.of(rules)));
        return o;
    }

    static ObjectNode clusterRoleBinding(String name, String clusterRole, Subject... subjects) {
        return binding(RbacIndex.CLUSTER_ROLE_BINDING, "", name, RoleRef.clusterRole(clusterRole), subjects);
    }

    static ObjectNode roleBinding(String namespace, String name, RoleRef ref, Subject... subjects) {
        return binding(RbacIndex.ROLE_BINDING, namespace, name, ref, subjects);
    }

    private static ObjectNode binding(String kind, String namespace, String name, RoleRef ref, Subject... subjects) {
        ObjectNode o = object(kind, namespace, name, Map.of());
        o.set("roleRef", ref.toJson());
        if (subjects.length > 0) {
            ArrayNode a = o.putArray("subjects");
            for (Subject s : subjects) {
                a.add(s.toJson());
            }
        }
        return o;
    }

    private static ObjectNode object(String kind, String namespace, String name, Map<String, String> extraLabels) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("apiVersion", API_VERSION);
        o.put("kind", kind);
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", name);
        if (!namespace.isEmpty()) {
            meta.put("namespace", namespace);
        }
        ObjectNode labels = meta.putObject("labels");
        labels.put(BootstrapPolicy.BOOTSTRAPPING_LABEL, BootstrapPolicy.BOOTSTRAPPING_VALUE);
        extraLabels.forEach(labels::put);
        meta.putObject("annotations").put(BootstrapPolicy.AUTOUPDATE_ANNOTATION, "true");
        return o;
    }
}
