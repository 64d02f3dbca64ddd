package io.k3j.auth.node;

import io.k3j.auth.UserInfo;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.Decision;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NodeAuthorizerTest {

    static final UserInfo N1 = new UserInfo("system:node:n1", List.of("system:nodes", UserInfo.AUTHENTICATED));
    static final String NO_RELATION = "no relationship found between node 'n1' and this object";

    NodeGraph graph;
    NodeAuthorizer authz;

    @BeforeEach
    void setUp() {
        graph = new NodeGraph();
        graph.upsertPod(NodeGraphTest.busyPod("web", "n1"));
        graph.upsertPod(NodeGraphTest.pod("other", "n2", "n2-secret"));
        graph.upsertPv(NodeGraphTest.json("{'metadata': {'name': 'pv1'}, 'spec': {'claimRef': {'namespace': 'default', 'name': 'data'}}}"));
        graph.upsertVolumeAttachment(NodeGraphTest.json("{'metadata': {'name': 'va1'}, 'spec': {'nodeName': 'n1'}}"));
        authz = new NodeAuthorizer(graph);
    }

    Decision ask(UserInfo u, String verb, String group, String resource, String sub, String ns, String name) {
        return authz.authorize(u, Attributes.resource(verb, group, resource, sub, ns, name));
    }

    Decision ask(String verb, String group, String resource, String sub, String ns, String name) {
        return ask(N1, verb, group, resource, sub, ns, name);
    }

    static Decision allow() {
        return new Decision(true, "");
    }

    static Decision no(String reason) {
        return new Decision(false, reason);
    }

    @Test
    void usersThatAreNotNodesGetNoOpinion() {
        UserInfo bob = new UserInfo("bob", List.of(UserInfo.AUTHENTICATED));
        UserInfo impostor = new UserInfo("system:node:n1", List.of(UserInfo.AUTHENTICATED)); // not in system:nodes
        UserInfo groupOnly = new UserInfo("kubelet", List.of("system:nodes"));
        for (UserInfo u : List.of(bob, impostor, groupOnly)) {
            assertThat(ask(u, "get", "", "secrets", "", "default", "vol-secret")).isEqualTo(no(""));
            assertThat(ask(u, "get", "", "nodes", "", "", "n1")).isEqualTo(no(""));
        }
        UserInfo nameless = new UserInfo("system:node:", List.of("system:nodes"));
        assertThat(ask(nameless, "get", "", "nodes", "", "", "n1"))
                .isEqualTo(no("unknown node for user \"system:node:\""));
    }

    @Test
    void secretsAndConfigMapsOfItsPodsOnly() {
        assertThat(ask("get", "", "secrets", "", "default", "vol-secret")).isEqualTo(allow());
        assertThat(ask("watch", "", "secrets", "", "default", "vol-secret")).isEqualTo(allow());
        assertThat(ask("list", "", "configmaps", "", "default", "vol-cm")).isEqualTo(allow());
        assertThat(ask("get", "", "secrets", "", "default", "n2-secret")).isEqualTo(no(NO_RELATION));
        assertThat(ask("get", "", "secrets", "", "default", "nope")).isEqualTo(no(NO_RELATION));
        assertThat(ask("list", "", "secrets", "", "default", "")).isEqualTo(no("No Object name found"));
        assertThat(ask("list", "", "secrets", "", "", "")).isEqualTo(no("can only read namespaced object of this type"));
        assertThat(ask("update", "", "secrets", "", "default", "vol-secret")).isEqualTo(no("can only read resources of this type"));
        assertThat(ask("create", "", "configmaps", "", "default", "")).isEqualTo(no("can only read resources of this type"));
        assertThat(ask("get", "", "secrets", "x", "default", "vol-secret")).isEqualTo(no("cannot read subresource"));
    }

    @Test
    void claimsVolumesAndAttachmentsByGetOnly() {
        assertThat(ask("get", "", "persistentvolumeclaims", "", "default", "data")).isEqualTo(allow());
        assertThat(ask("get", "", "persistentvolumes", "", "", "pv1")).isEqualTo(allow());
        assertThat(ask("get", "storage.k8s.io", "volumeattachments", "", "", "va1")).isEqualTo(allow());
        assertThat(ask("get", "resource.k8s.io", "resourceclaims", "", "default", "gpu-claim")).isEqualTo(allow());
        assertThat(ask("list", "", "persistentvolumes", "", "", ""))
                .isEqualTo(no("can only get individual resources of this type"));
        assertThat(ask("get", "", "persistentvolumeclaims", "", "default", "other")).isEqualTo(no(NO_RELATION));
        assertThat(ask("patch", "", "persistentvolumeclaims", "status", "default", "data")).isEqualTo(allow());
        assertThat(ask("get", "", "persistentvolumeclaims", "status", "default", "data"))
                .isEqualTo(no("can only get/update/patch this type"));
        assertThat(ask("update", "", "persistentvolumeclaims", "status", "default", "other")).isEqualTo(no(NO_RELATION));
    }

    @Test
    void tokensForTheServiceAccountsOfItsPods() {
        assertThat(ask("create", "", "serviceaccounts", "token", "default", "sa")).isEqualTo(allow());
        assertThat(ask("create", "", "serviceaccounts", "token", "default", "default")).isEqualTo(no(NO_RELATION));
        assertThat(ask("get", "", "serviceaccounts", "", "default", "sa"))
                .isEqualTo(no("can only create tokens for individual service accounts"));
        assertThat(ask("create", "", "serviceaccounts", "", "default", "sa"))
                .isEqualTo(no("can only create token subresource of serviceaccount"));
    }

    @Test
    void itsOwnLeaseAndCsiNode() {
        assertThat(ask("update", "coordination.k8s.io", "leases", "", "kube-node-lease", "n1")).isEqualTo(allow());
        assertThat(ask("create", "coordination.k8s.io", "leases", "", "kube-node-lease", "")).isEqualTo(allow());
        assertThat(ask("update", "coordination.k8s.io", "leases", "", "kube-node-lease", "n2"))
                .isEqualTo(no("can only access node lease with the same name as the requesting node"));
        assertThat(ask("get", "coordination.k8s.io", "leases", "", "kube-system", "n1"))
                .isEqualTo(no("can only access leases in the \"kube-node-lease\" system namespace"));
        assertThat(ask("list", "coordination.k8s.io", "leases", "", "kube-node-lease", ""))
                .isEqualTo(no("can only get, create, update, patch, or delete a node lease"));
        assertThat(ask("patch", "storage.k8s.io", "csinodes", "", "", "n1")).isEqualTo(allow());
        assertThat(ask("patch", "storage.k8s.io", "csinodes", "", "", "n2"))
                .isEqualTo(no("can only access CSINode with the same name as the requesting node"));
        assertThat(ask("get", "storage.k8s.io", "csinodes", "status", "", "n1"))
                .isEqualTo(no("cannot authorize CSINode subresources"));
    }

    @Test
    void everythingElseByTheSystemNodeRules() {
        assertThat(ask("patch", "", "nodes", "status", "", "n1")).isEqualTo(allow());
        assertThat(ask("create", "", "nodes", "", "", "")).isEqualTo(allow());
        assertThat(ask("watch", "", "pods", "", "", "")).isEqualTo(allow());
        assertThat(ask("patch", "", "pods", "status", "default", "web")).isEqualTo(allow());
        assertThat(ask("create", "", "pods", "eviction", "default", "web")).isEqualTo(allow());
        assertThat(ask("create", "", "events", "", "default", "")).isEqualTo(allow());
        assertThat(ask("list", "", "services", "", "", "")).isEqualTo(allow());
        assertThat(ask("get", "node.k8s.io", "runtimeclasses", "", "", "runc")).isEqualTo(allow());
        // Not in the rules: no opinion, RBAC decides.
        assertThat(ask("delete", "", "nodes", "", "", "n1")).isEqualTo(no(""));
        assertThat(ask("create", "", "namespaces", "", "", "")).isEqualTo(no(""));
        assertThat(ask("update", "", "pods", "", "default", "web")).isEqualTo(no(""));
        assertThat(ask("list", "apps", "deployments", "", "", "")).isEqualTo(no(""));
        assertThat(authz.authorize(N1, Attributes.path("get", "/metrics"))).isEqualTo(no(""));
    }

    @Test
    void accessFollowsTheGraphAsItChanges() {
        assertThat(ask("get", "", "secrets", "", "default", "n2-secret")).isEqualTo(no(NO_RELATION));
        graph.upsertPod(NodeGraphTest.pod("moved", "n1", "n2-secret"));
        assertThat(ask("get", "", "secrets", "", "default", "n2-secret")).isEqualTo(allow());
        graph.removePod("default", "moved");
        assertThat(ask("get", "", "secrets", "", "default", "n2-secret")).isEqualTo(no(NO_RELATION));
    }
}
