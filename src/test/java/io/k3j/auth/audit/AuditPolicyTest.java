package io.k3j.auth.audit;

import io.k3j.auth.UserInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditPolicyTest {

    private static final UserInfo ADMIN = new UserInfo("system:admin", List.of("system:masters", "system:authenticated"));
    private static final UserInfo KUBELET = new UserInfo("system:node:n1", List.of("system:nodes", "system:authenticated"));

    private static AuditPolicy policy(String yaml) throws Exception {
        return AuditPolicy.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditRequest resource(UserInfo u, String verb, String group, String ns, String resource, String sub, String name) {
        return new AuditRequest(u, verb, true, group, group.isEmpty() ? "v1" : "v1", ns, resource, sub, name,
                "/api/v1/" + resource);
    }

    private static AuditRequest path(UserInfo u, String p) {
        return new AuditRequest(u, "get", false, "", "", "", "", "", "", p);
    }

    private static AuditLevel level(AuditPolicy p, AuditRequest r) {
        return p.evaluate(r).level();
    }

    /** Close to the policy upstream's documentation walks through. */
    private static final String EXAMPLE = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
              - level: RequestResponse
                resources:
                - group: ""
                  resources: ["pods"]
              - level: Metadata
                resources:
                - group: ""
                  resources: ["pods/log", "pods/status"]
              - level: None
                resources:
                - group: ""
                  resources: ["configmaps"]
                  resourceNames: ["controller-leader"]
              - level: None
                users: ["system:kube-proxy"]
                verbs: ["watch"]
                resources:
                - group: ""
                  resources: ["endpoints", "services"]
              - level: None
                userGroups: ["system:authenticated"]
                nonResourceURLs:
                - "/api*"
                - "/version"
              - level: Request
                resources:
                - group: ""
                  resources: ["configmaps"]
                namespaces: ["kube-system"]
              - level: Metadata
                resources:
                - group: ""
                  resources: ["secrets", "configmaps"]
              - level: Request
                resources:
                - group: ""
                - group: "extensions"
              - level: Metadata
                omitStages:
                  - "RequestReceived"
            """;

    @Test
    void firstMatchingRuleWinsAsInUpstreamsExample() throws Exception {
        AuditPolicy p = policy(EXAMPLE);
        assertThat(level(p, resource(ADMIN, "get", "", "default", "pods", "", "web"))).isEqualTo(AuditLevel.REQUEST_RESPONSE);
        assertThat(level(p, resource(ADMIN, "get", "", "default", "pods", "log", "web"))).isEqualTo(AuditLevel.METADATA);
        assertThat(level(p, resource(ADMIN, "update", "", "default", "pods", "status", "web"))).isEqualTo(AuditLevel.METADATA);
        assertThat(level(p, resource(ADMIN, "update", "", "kube-system", "configmaps", "", "controller-leader"))).isEqualTo(AuditLevel.NONE);
        assertThat(level(p, resource(ADMIN, "update", "", "kube-system", "configmaps", "", "other"))).isEqualTo(AuditLevel.REQUEST);
        assertThat(level(p, resource(new UserInfo("system:kube-proxy", List.of()), "watch", "", "", "endpoints", "", "")))
                .isEqualTo(AuditLevel.NONE);
        assertThat(level(p, resource(new UserInfo("system:kube-proxy", List.of()), "list", "", "", "endpoints", "", "")))
                .isEqualTo(AuditLevel.REQUEST);
        assertThat(level(p, path(ADMIN, "/apis/apps/v1"))).isEqualTo(AuditLevel.NONE);
        assertThat(level(p, path(ADMIN, "/version"))).isEqualTo(AuditLevel.NONE);
        assertThat(level(p, path(UserInfo.anonymous(), "/version"))).isEqualTo(AuditLevel.METADATA);
        assertThat(level(p, path(ADMIN, "/healthz"))).isEqualTo(AuditLevel.METADATA);
        assertThat(level(p, resource(ADMIN, "get", "", "default", "secrets", "", "db"))).isEqualTo(AuditLevel.METADATA);
        assertThat(level(p, resource(ADMIN, "list", "", "default", "services", "", ""))).isEqualTo(AuditLevel.REQUEST);
        assertThat(level(p, resource(ADMIN, "get", "apps", "default", "deployments", "", "web"))).isEqualTo(AuditLevel.METADATA);
        assertThat(p.evaluate(resource(ADMIN, "get", "", "default", "pods", "", "web")).omitStages())
                .containsExactly(AuditStage.REQUEST_RECEIVED);
    }

    @Test
    void noRulesOrNoMatchMeansNothingRecorded() throws Exception {
        assertThat(level(AuditPolicy.empty(), path(ADMIN, "/healthz"))).isEqualTo(AuditLevel.NONE);
        AuditPolicy p = policy("""
                apiVersion: audit.k8s.io/v1
                kind: Policy
                rules:
                - level: Metadata
                  users: ["alice"]
                """);
        assertThat(level(p, path(ADMIN, "/healthz"))).isEqualTo(AuditLevel.NONE);
        assertThat(level(p, path(new UserInfo("alice", List.of()), "/healthz"))).isEqualTo(AuditLevel.METADATA);
    }

    @Test
    void resourceSpecsWildcardsGroupsNamespacesAndNames() {
        assertThat(PolicyRule.resourceMatches("*", "pods", "log")).isTrue();
        assertThat(PolicyRule.resourceMatches("pods", "pods", "log")).isFalse();
        assertThat(PolicyRule.resourceMatches("pods/*", "pods", "log")).isTrue();
        assertThat(PolicyRule.resourceMatches("pods/*", "pods", "")).isTrue();
        assertThat(PolicyRule.resourceMatches("*/status", "deployments", "status")).isTrue();
        assertThat(PolicyRule.resourceMatches("*/status", "deployments", "")).isFalse();
        assertThat(PolicyRule.resourceMatches("deployments/scale", "deployments", "scale")).isTrue();
        assertThat(PolicyRule.pathMatches("/apis/apps/v1", "/apis/*")).isTrue();
        assertThat(PolicyRule.pathMatches("/api", "/apis/*")).isFalse();
        assertThat(PolicyRule.pathMatches("/healthz", "*")).isTrue();
    }

    @Test
    void userGroupsVerbsNamespacesAndClusterScope() throws Exception {
        AuditPolicy p = policy("""
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitManagedFields: true
                rules:
                - level: RequestResponse
                  userGroups: ["system:nodes"]
                  verbs: ["patch", "update"]
                  omitManagedFields: false
                - level: Request
                  namespaces: [""]
                - level: Metadata
                  namespaces: ["team-a"]
                  resources:
                  - group: apps
                    resources: ["deployments"]
                """);
        AuditPolicy.Decision node = p.evaluate(resource(KUBELET, "patch", "", "default", "pods", "status", "web"));
        assertThat(node.level()).isEqualTo(AuditLevel.REQUEST_RESPONSE);
        assertThat(node.omitManagedFields()).isFalse();
        assertThat(level(p, resource(KUBELET, "get", "", "default", "pods", "", "web"))).isEqualTo(AuditLevel.NONE);
        AuditPolicy.Decision cluster = p.evaluate(resource(ADMIN, "get", "", "", "nodes", "", "n1"));
        assertThat(cluster.level()).isEqualTo(AuditLevel.REQUEST);
        assertThat(cluster.omitManagedFields()).isTrue();
        assertThat(level(p, resource(ADMIN, "get", "apps", "team-a", "deployments", "", "web"))).isEqualTo(AuditLevel.METADATA);
        assertThat(level(p, resource(ADMIN, "get", "apps", "team-b", "deployments", "", "web"))).isEqualTo(AuditLevel.NONE);
        assertThat(level(p, resource(ADMIN, "get", "", "team-a", "deployments", "", "web"))).isEqualTo(AuditLevel.NONE);
        assertThat(level(p, path(ADMIN, "/healthz"))).isEqualTo(AuditLevel.NONE); // namespaces rules never match paths
    }

    @Test
    void badPoliciesAreRefusedWithTheRuleNamed() {
        assertThatThrownBy(() -> policy("""
                apiVersion: audit.k8s.io/v1
                kind: Policy
                rules:
                - level: Everything
                """)).hasMessageContaining("rules[0]: level: Unsupported value: \\\"Everything\\\"".replace("\\\"", "\""));
        assertThatThrownBy(() -> policy("""
                apiVersion: audit.k8s.io/v1
                kind: Policy
                rules:
                - level: Metadata
                  nonResourceURLs: ["/healthz"]
                  resources: [{group: ""}]
                """)).hasMessageContaining("both regular resources and non-resource URLs");
        assertThatThrownBy(() -> policy("""
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: ["Sometimes"]
                """)).hasMessageContaining("unknown stage");
        assertThatThrownBy(() -> policy("kind: ConfigMap")).hasMessageContaining("expected kind Policy");
        assertThat(Set.of(AuditStage.values())).hasSize(4);
    }
}
