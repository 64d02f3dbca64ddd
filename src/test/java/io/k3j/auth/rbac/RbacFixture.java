package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.k3j.auth.UserInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster as the decision matrix sees it: upstream's bootstrap policy (aggregation settled, as the
 * aggregation controller leaves it) plus a handful of user roles and bindings, and the users who hold them.
 */
final class RbacFixture {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static final String CUSTOM = """
            kind: ClusterRole
            metadata: {name: pod-reader}
            rules:
            - {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}
            ---
            kind: ClusterRole
            metadata: {name: secret-reader-named}
            rules:
            - {apiGroups: [""], resources: [secrets], resourceNames: [db-pass], verbs: [get]}
            ---
            kind: ClusterRole
            metadata: {name: log-reader}
            rules:
            - {apiGroups: [""], resources: [pods/log], verbs: [get]}
            ---
            kind: ClusterRole
            metadata: {name: star-status}
            rules:
            - {apiGroups: ["*"], resources: ["*/status"], verbs: [get, update]}
            ---
            kind: ClusterRole
            metadata: {name: node-metrics}
            rules:
            - {nonResourceURLs: [/metrics, /logs/*, /raw*], verbs: [get]}
            ---
            kind: ClusterRole
            metadata:
              name: monitoring-view
              labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
            rules:
            - {apiGroups: [monitoring.coreos.com], resources: [prometheuses], verbs: [get, list, watch]}
            ---
            kind: Role
            metadata: {name: deployer, namespace: dev}
            rules:
            - {apiGroups: [apps], resources: [deployments], verbs: [create, delete, deletecollection, get, list, patch, update, watch]}
            - {apiGroups: [""], resources: [pods], verbs: [create]}
            ---
            kind: Role
            metadata: {name: cm-editor, namespace: dev}
            rules:
            - {apiGroups: [""], resources: [configmaps], resourceNames: [app-config], verbs: [update, patch]}
            ---
            kind: ClusterRoleBinding
            metadata: {name: alice-pod-reader}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}]
            ---
            kind: RoleBinding
            metadata: {name: bob-edit, namespace: dev}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: bob}]
            ---
            kind: RoleBinding
            metadata: {name: bob-deployer, namespace: dev}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: bob}]
            ---
            kind: RoleBinding
            metadata: {name: team-view, namespace: prod}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: team-a}]
            ---
            kind: RoleBinding
            metadata: {name: sa-cm, namespace: dev}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-editor}
            subjects: [{kind: ServiceAccount, name: builder}]
            ---
            kind: RoleBinding
            metadata: {name: ci-admin, namespace: dev}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
            subjects: [{kind: ServiceAccount, name: runner, namespace: ci}]
            ---
            kind: ClusterRoleBinding
            metadata: {name: carol-secret}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader-named}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: carol}]
            ---
            kind: ClusterRoleBinding
            metadata: {name: logs}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: log-reader}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: log-readers}]
            ---
            kind: ClusterRoleBinding
            metadata: {name: sa-all-view}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:serviceaccounts:monitoring"}]
            ---
            kind: ClusterRoleBinding
            metadata: {name: metrics}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-metrics}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: dave}]
            ---
            kind: ClusterRoleBinding
            metadata: {name: dangling}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: does-not-exist}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: erin}]
            ---
            kind: RoleBinding
            metadata: {name: dangling-role, namespace: dev}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: nope}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: erin}]
            ---
            kind: ClusterRoleBinding
            metadata: {name: cluster-sa-no-ns}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects: [{kind: ServiceAccount, name: x}]
            ---
            kind: ClusterRoleBinding
            metadata: {name: frank-star-status}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: star-status}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: frank}]
            ---
            kind: RoleBinding
            metadata: {name: binder, namespace: dev}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: bind-edit}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: binder}]
            ---
            kind: Role
            metadata: {name: bind-edit, namespace: dev}
            rules:
            - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [edit], verbs: [bind]}
            ---
            kind: RoleBinding
            metadata: {name: escalator, namespace: dev}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: escalate-roles}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: escalator}]
            ---
            kind: Role
            metadata: {name: escalate-roles, namespace: dev}
            rules:
            - {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate]}
            """;

    /** Short names used in the matrix → the user as an authenticator would present it. */
    static final Map<String, UserInfo> USERS = users();

    private RbacFixture() {
    }

    private static Map<String, UserInfo> users() {
        Map<String, UserInfo> m = new LinkedHashMap<>();
        String auth = UserInfo.AUTHENTICATED;
        m.put("admin", new UserInfo("system:admin", List.of(UserInfo.MASTERS, auth)));
        m.put("anon", UserInfo.anonymous());
        for (String plain : List.of("alice", "bob", "carol", "dave", "erin", "frank", "binder", "escalator")) {
            m.put(plain, new UserInfo(plain, List.of(auth)));
        }
        m.put("tina", new UserInfo("tina", List.of("team-a", auth)));
        m.put("lou", new UserInfo("lou", List.of("log-readers", auth)));
        m.put("mon", new UserInfo("mon", List.of("system:monitoring", auth)));
        m.put("node", new UserInfo("system:node:n1", List.of("system:nodes", auth)));
        m.put("sched", new UserInfo("system:kube-scheduler", List.of(auth)));
        m.put("kcm", new UserInfo("system:kube-controller-manager", List.of(auth)));
        m.put("proxy", new UserInfo("system:kube-proxy", List.of(auth)));
        // ServiceAccounts as the token authenticator presents them (with their groups)...
        m.put("builder", sa("dev", "builder"));
        m.put("runner", sa("ci", "runner"));
        m.put("prom", sa("monitoring", "prom"));
        m.put("prom-other", sa("other", "prom"));
        m.put("builder-prod", sa("prod", "builder"));
        m.put("sa-x", sa("default", "x"));
        for (String c : List.of("deployment-controller", "generic-garbage-collector", "namespace-controller",
                "horizontal-pod-autoscaler", "disruption-controller", "certificate-controller",
                "clusterrole-aggregation-controller", "kube-dns", "bootstrap-signer", "token-cleaner")) {
            m.put(c, sa("kube-system", c));
        }
        // ...and one with only its name, as an impersonation or a custom authenticator might: groups are implied.
        m.put("builder-bare", new UserInfo("system:serviceaccount:dev:builder", List.of()));
        m.put("plain-builder", new UserInfo("builder", List.of(auth)));
        return Map.copyOf(m);
    }

    static UserInfo sa(String ns, String name) {
        return new UserInfo("system:serviceaccount:" + ns + ":" + name,
                List.of("system:serviceaccounts", "system:serviceaccounts:" + ns, UserInfo.AUTHENTICATED));
    }

    static UserInfo user(String shortName) {
        UserInfo u = USERS.get(shortName);
        if (u == null) {
            throw new IllegalArgumentException("unknown user " + shortName);
        }
        return u;
    }

    /** The bootstrap policy plus {@link #CUSTOM}, with aggregated ClusterRoles settled. */
    static List<ObjectNode> objects() {
        List<ObjectNode> all = new ArrayList<>(BootstrapPolicy.all());
        all.addAll(parseAll(CUSTOM));
        List<ObjectNode> clusterRoles = all.stream().filter(o -> o.path("kind").asText().equals("ClusterRole")).toList();
        List<ObjectNode> settled = ClusterRoleAggregation.settle(clusterRoles);
        List<ObjectNode> out = new ArrayList<>(settled);
        all.stream().filter(o -> !o.path("kind").asText().equals("ClusterRole")).forEach(out::add);
        return out;
    }

    static RbacIndex index() {
        RbacIndex index = new RbacIndex();
        index.replaceAll(objects());
        return index;
    }

    static List<ObjectNode> parseAll(String yaml) {
        List<ObjectNode> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---$")) {
            if (!doc.isBlank()) {
                out.add(parse(doc));
            }
        }
        return out;
    }

    static ObjectNode parse(String yaml) {
        try {
            JsonNode n = YAML.readTree(yaml);
            ObjectNode o = (ObjectNode) n;
            if (!o.has("apiVersion")) {
                o.put("apiVersion", "rbac.authorization.k8s.io/v1");
            }
            return o;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
