package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.RbacFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reasons and messages: the text SubjectAccessReview and 403 responses carry. */
class RbacAuthorizerTest {

    private static RbacAuthorizer authorizer;

    @BeforeAll
    static void load() {
        authorizer = new RbacAuthorizer(RbacFixture.index());
    }

    @Test
    void allowReasonNamesTheClusterRoleBindingAndSubject() {
        Decision d = authorizer.authorize(user("alice"), Attributes.resource("get", "", "pods", "", "default", "web"));
        assertThat(d).isEqualTo(new Decision(true,
                "RBAC: allowed by ClusterRoleBinding \"alice-pod-reader\" of ClusterRole \"pod-reader\" to User \"alice\""));
    }

    @Test
    void allowReasonNamesTheRoleBindingWithItsNamespace() {
        Decision d = authorizer.authorize(user("bob"), Attributes.resource("create", "apps", "deployments", "", "dev", ""));
        // bob-deployer sorts before bob-edit, and both allow: the first in order gives the reason.
        assertThat(d.reason()).isEqualTo("RBAC: allowed by RoleBinding \"bob-deployer/dev\" of Role \"deployer\" to User \"bob\"");
    }

    @Test
    void serviceAccountSubjectsAreDescribedWithTheirNamespace() {
        Decision d = authorizer.authorize(user("builder"), Attributes.resource("update", "", "configmaps", "", "dev", "app-config"));
        assertThat(d.reason()).isEqualTo("RBAC: allowed by RoleBinding \"sa-cm/dev\" of Role \"cm-editor\" to ServiceAccount \"builder/dev\"");
        Decision viaGroup = authorizer.authorize(user("prom"), Attributes.resource("list", "", "pods", "", "", ""));
        assertThat(viaGroup.reason()).isEqualTo("RBAC: allowed by ClusterRoleBinding \"sa-all-view\" of ClusterRole \"view\" "
                + "to Group \"system:serviceaccounts:monitoring\"");
    }

    @Test
    void pathReasonComesFromTheBootstrapBindings() {
        Decision d = authorizer.authorize(user("anon"), Attributes.path("get", "/healthz"));
        assertThat(d.reason()).isEqualTo("RBAC: allowed by ClusterRoleBinding \"system:public-info-viewer\" of ClusterRole "
                + "\"system:public-info-viewer\" to Group \"system:unauthenticated\"");
    }

    @Test
    void mastersAreAllowedWithoutAnRbacReason() {
        assertThat(authorizer.authorize(user("admin"), Attributes.resource("delete", "", "nodes", "", "", "n1")))
                .isEqualTo(new Decision(true, ""));
    }

    @Test
    void plainDenialHasNoReason() {
        assertThat(authorizer.authorize(user("alice"), Attributes.resource("delete", "", "pods", "", "dev", "web")))
                .isEqualTo(new Decision(false, ""));
    }

    @Test
    void denialReportsBindingsToMissingRoles() {
        Decision cluster = authorizer.authorize(user("erin"), Attributes.resource("get", "", "pods", "", "", ""));
        assertThat(cluster).isEqualTo(new Decision(false,
                "RBAC: clusterrole.rbac.authorization.k8s.io \"does-not-exist\" not found"));
        Decision namespaced = authorizer.authorize(user("erin"), Attributes.resource("get", "", "pods", "", "dev", "web"));
        assertThat(namespaced.reason()).isEqualTo("RBAC: [clusterrole.rbac.authorization.k8s.io \"does-not-exist\" not found, "
                + "role.rbac.authorization.k8s.io \"nope\" not found]");
    }

    @Test
    void forbiddenMessagesAreUpstreams() {
        Attributes named = Attributes.resource("get", "", "pods", "log", "dev", "web");
        assertThat(ForbiddenMessage.of("alice", named, "")).isEqualTo(
                "pods \"web\" is forbidden: User \"alice\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"dev\"");
        Attributes cluster = Attributes.resource("list", "apps", "deployments", "", "", "");
        assertThat(ForbiddenMessage.of("bob", cluster, "")).isEqualTo(
                "deployments.apps is forbidden: User \"bob\" cannot list resource \"deployments\" in API group \"apps\" at the cluster scope");
        assertThat(ForbiddenMessage.of("erin", cluster, "RBAC: clusterrole.rbac.authorization.k8s.io \"x\" not found")).isEqualTo(
                "deployments.apps is forbidden: User \"erin\" cannot list resource \"deployments\" in API group \"apps\" "
                        + "at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io \"x\" not found");
        assertThat(ForbiddenMessage.of("system:anonymous", Attributes.path("get", "/metrics"), "")).isEqualTo(
                "forbidden: User \"system:anonymous\" cannot get path \"/metrics\"");
    }

    @Test
    void bindingsFollowIndexChanges() {
        RbacIndex index = RbacFixture.index();
        RbacAuthorizer a = new RbacAuthorizer(index);
        Attributes getPods = Attributes.resource("get", "", "pods", "", "dev", "web");
        assertThat(a.authorize(user("erin"), getPods).allowed()).isFalse();
        // Creating the missing Role makes erin's dangling RoleBinding grant it.
        index.upsert(RbacFixture.parse("""
                kind: Role
                metadata: {name: nope, namespace: dev}
                rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
                """));
        assertThat(a.authorize(user("erin"), getPods)).isEqualTo(new Decision(true,
                "RBAC: allowed by RoleBinding \"dangling-role/dev\" of Role \"nope\" to User \"erin\""));
        index.remove("RoleBinding", "dev", "dangling-role");
        assertThat(a.authorize(user("erin"), getPods).allowed()).isFalse();
    }
}
