package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.PolicyRule.verbs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BootstrapPolicyTest {

    private static String name(ObjectNode o) {
        return o.path("metadata").path("name").asText();
    }

    private static ObjectNode find(List<ObjectNode> objects, String name) {
        return objects.stream().filter(o -> name(o).equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyObjectIsMarkedAsBootstrapAndAutoupdated() {
        for (ObjectNode o : BootstrapPolicy.all()) {
            assertThat(o.path("apiVersion").asText()).isEqualTo("rbac.authorization.k8s.io/v1");
            assertThat(o.path("metadata").path("labels").path("kubernetes.io/bootstrapping").asText()).as(name(o))
                    .isEqualTo("rbac-defaults");
            assertThat(o.path("metadata").path("annotations").path("rbac.authorization.kubernetes.io/autoupdate").asText())
                    .as(name(o)).isEqualTo("true");
        }
    }

    @Test
    void namesAreUniqueAndEveryRoleRefResolves() {
        Set<String> seen = new HashSet<>();
        for (ObjectNode o : BootstrapPolicy.all()) {
            String key = o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText() + "/" + name(o);
            assertThat(seen.add(key)).as(key).isTrue();
        }
        RbacSnapshot s = bootstrapIndex().snapshot();
        for (ObjectNode b : BootstrapPolicy.all()) {
            if (b.path("kind").asText().endsWith("Binding")) {
                RoleRef ref = RoleRef.fromJson(b.path("roleRef"));
                assertThat(s.roleRules(ref, b.path("metadata").path("namespace").asText())).as(name(b)).isNotNull();
            }
        }
    }

    @Test
    void theWellKnownClusterRolesExist() {
        Set<String> names = BootstrapPolicy.clusterRoles().stream().map(BootstrapPolicyTest::name).collect(Collectors.toSet());
        assertThat(names).hasSize(31 + 35).contains("cluster-admin", "admin", "edit", "view", "system:basic-user",
                "system:discovery", "system:public-info-viewer", "system:monitoring", "system:node", "system:node-proxier",
                "system:kube-scheduler", "system:volume-scheduler", "system:kube-controller-manager", "system:kube-dns",
                "system:auth-delegator", "system:heapster", "system:kubelet-api-admin", "system:node-bootstrapper",
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                "system:certificates.k8s.io:kube-apiserver-client-approver",
                "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver",
                "system:certificates.k8s.io:kubelet-serving-approver",
                "system:certificates.k8s.io:legacy-unknown-approver",
                "system:controller:deployment-controller", "system:controller:namespace-controller",
                "system:controller:clusterrole-aggregation-controller", "system:controller:service-cidrs-controller");
        assertThat(names).doesNotContain("system:controller:resource-claim-controller",
                "system:controller:device-taint-eviction-controller");
    }

    @Test
    void everyControllerRoleIsBoundToItsServiceAccount() {
        List<ObjectNode> bindings = BootstrapPolicy.clusterRoleBindings();
        for (ObjectNode role : BootstrapPolicy.clusterRoles()) {
            String n = name(role);
            if (!n.startsWith("system:controller:")) {
                continue;
            }
            ObjectNode b = find(bindings, n);
            assertThat(RoleRef.fromJson(b.path("roleRef"))).isEqualTo(RoleRef.clusterRole(n));
            assertThat(Binding.fromJson(b).subjects())
                    .containsExactly(Subject.serviceAccount("kube-system", n.substring("system:controller:".length())));
        }
    }

    @Test
    void keyFacts() {
        List<ObjectNode> roles = BootstrapPolicy.clusterRoles();
        assertThat(PolicyRule.listFromJson(find(roles, "cluster-admin").path("rules")))
                .containsExactly(verbs("*").groups("*").resources("*"), verbs("*").urls("*"));
        assertThat(find(roles, "admin").path("aggregationRule").path("clusterRoleSelectors").get(0).path("matchLabels")
                .path("rbac.authorization.k8s.io/aggregate-to-admin").asText()).isEqualTo("true");
        assertThat(find(roles, "view").path("metadata").path("labels").path("rbac.authorization.k8s.io/aggregate-to-edit")
                .asText()).isEqualTo("true");
        List<ObjectNode> bindings = BootstrapPolicy.clusterRoleBindings();
        assertThat(Binding.fromJson(find(bindings, "system:node")).subjects()).isEmpty();
        assertThat(Binding.fromJson(find(bindings, "system:basic-user")).subjects())
                .containsExactly(Subject.group("system:authenticated"));
        assertThat(Binding.fromJson(find(bindings, "system:public-info-viewer")).subjects())
                .containsExactly(Subject.group("system:authenticated"), Subject.group("system:unauthenticated"));
        assertThat(Binding.fromJson(find(bindings, "cluster-admin")).subjects()).containsExactly(Subject.group("system:masters"));
        assertThat(BootstrapPolicy.roles()).extracting(o -> o.path("metadata").path("namespace").asText() + "/" + name(o))
                .contains("kube-public/system:controller:bootstrap-signer", "kube-system/system:controller:bootstrap-signer",
                        "kube-system/system:controller:token-cleaner", "kube-system/extension-apiserver-authentication-reader",
                        "kube-system/system::leader-locking-kube-scheduler");
        assertThat(BootstrapPolicy.roleBindings()).hasSize(7);
    }

    @Test
    void callsBuildFreshObjects() {
        ObjectNode a = BootstrapPolicy.clusterRoles().get(0);
        a.with("metadata").put("name", "changed");
        assertThat(name(BootstrapPolicy.clusterRoles().get(0))).isEqualTo("admin");
    }

    private static RbacIndex bootstrapIndex() {
        RbacIndex index = new RbacIndex();
        index.replaceAll(BootstrapPolicy.all());
        return index;
    }
}
