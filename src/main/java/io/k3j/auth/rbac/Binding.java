package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A RoleBinding (namespace set) or ClusterRoleBinding (namespace empty), reduced to what decisions need.
 */
record Binding(String namespace, String name, RoleRef roleRef, List<Subject> subjects) {

    public Binding {
        subjects = List.copyOf(subjects);
    }

    static Binding fromJson(JsonNode obj) {
        JsonNode meta = obj.path("metadata");
        List<Subject> subjects = new ArrayList<>();
        obj.path("subjects").forEach(s -> subjects.add(Subject.fromJson(s)));
        return new Binding(meta.path("namespace").asText(""), meta.path("name").asText(""),
                RoleRef.fromJson(obj.path("roleRef")), subjects);
    }

    boolean clusterScoped() {
        return namespace.isEmpty();
    }

    /** Upstream's appliesTo: the first subject that matches, or null. */
    Subject firstApplicable(Requester who) {
        for (Subject s : subjects) {
            if (s.appliesTo(who, namespace)) {
                return s;
            }
        }
        return null;
    }

    /** As upstream's binding describers: {@code ClusterRoleBinding "n" of ClusterRole "r" to Group "g"}. */
    String describe(Subject subject) {
        String kind = clusterScoped() ? "ClusterRoleBinding " + GoFormat.quote(name)
                : "RoleBinding " + GoFormat.quote(name + "/" + namespace);
        return kind + " of " + roleRef.kind() + " " + GoFormat.quote(roleRef.name()) + " to " + subject.describe(namespace);
    }
}
