package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.BootstrapObjects.CORE;
import static io.k3j.auth.rbac.BootstrapObjects.READ;
import static io.k3j.auth.rbac.BootstrapObjects.clusterRoleBinding;
import static io.k3j.auth.rbac.BootstrapObjects.events;
import static io.k3j.auth.rbac.BootstrapObjects.role;
import static io.k3j.auth.rbac.BootstrapObjects.roleBinding;
import static io.k3j.auth.rbac.PolicyRule.verbs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.UserInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * The default RBAC objects kube-apiserver creates and reconciles at every start (Kubernetes 1.33, default
 * feature gates): ClusterRoles, ClusterRoleBindings, and the Roles and RoleBindings in kube-system and
 * kube-public. Each carries label {@code kubernetes.io/bootstrapping: rbac-defaults} and annotation
 * {@code rbac.authorization.kubernetes.io/autoupdate: "true"}; setting the annotation to "false" on an object
 * stops reconciliation from touching it. Feed the objects through {@link BootstrapReconciler} in the order
 * {@link #all()} gives (roles before the bindings that name them). Every call builds fresh objects.
 */
public final class BootstrapPolicy {

    public static final String BOOTSTRAPPING_LABEL = "kubernetes.io/bootstrapping";
    public static final String BOOTSTRAPPING_VALUE = "rbac-defaults";
    public static final String AUTOUPDATE_ANNOTATION = "rbac.authorization.kubernetes.io/autoupdate";

    static final String KUBE_SYSTEM = "kube-system";
    static final String KUBE_PUBLIC = "kube-public";
    private static final String COORDINATION = "coordination.k8s.io";

    private BootstrapPolicy() {
    }

    /** Everything, in the order to reconcile it: cluster roles, cluster role bindings, roles, role bindings. */
    public static List<ObjectNode> all() {
        List<ObjectNode> out = new ArrayList<>(clusterRoles());
        out.addAll(clusterRoleBindings());
        out.addAll(roles());
        out.addAll(roleBindings());
        return out;
    }

    public static List<ObjectNode> clusterRoles() {
        List<ObjectNode> out = new ArrayList<>(BootstrapClusterRoles.all());
        out.addAll(BootstrapControllerRoles.clusterRoles());
        return out;
    }

    public static List<ObjectNode> clusterRoleBindings() {
        List<ObjectNode> out = new ArrayList<>(List.of(
                clusterRoleBinding("cluster-admin", "cluster-admin", Subject.group(UserInfo.MASTERS)),
                clusterRoleBinding("system:monitoring", "system:monitoring", Subject.group("system:monitoring")),
                clusterRoleBinding("system:discovery", "system:discovery", Subject.group(UserInfo.AUTHENTICATED)),
                clusterRoleBinding("system:basic-user", "system:basic-user", Subject.group(UserInfo.AUTHENTICATED)),
                clusterRoleBinding("system:public-info-viewer", "system:public-info-viewer",
                        Subject.group(UserInfo.AUTHENTICATED), Subject.group(UserInfo.UNAUTHENTICATED)),
                clusterRoleBinding("system:node-proxier", "system:node-proxier", Subject.user("system:kube-proxy")),
                clusterRoleBinding("system:kube-controller-manager", "system:kube-controller-manager",
                        Subject.user("system:kube-controller-manager")),
                clusterRoleBinding("system:kube-dns", "system:kube-dns", Subject.serviceAccount(KUBE_SYSTEM, "kube-dns")),
                clusterRoleBinding("system:kube-scheduler", "system:kube-scheduler", Subject.user("system:kube-scheduler")),
                clusterRoleBinding("system:volume-scheduler", "system:volume-scheduler",
                        Subject.user("system:kube-scheduler")),
                // Upstream keeps this binding without subjects: nodes are authorized by the Node authorizer, and
                // an empty binding lets reconciliation leave an older cluster's subjects alone.
                clusterRoleBinding("system:node", "system:node"),
                clusterRoleBinding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery",
                        Subject.group(Requester.ALL_SERVICE_ACCOUNTS)),
                // Not upstream's default but what kubeadm adds: a node may renew its own client certificate through
                // a CSR that the csrapproving controller approves (it asks for this role's verb).
                clusterRoleBinding("k3j:node-autoapprove-certificate-rotation",
                        "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                        Subject.group("system:nodes"))));
        out.addAll(BootstrapControllerRoles.clusterRoleBindings());
        return out;
    }

    public static List<ObjectNode> roles() {
        return List.of(
                role(KUBE_PUBLIC, "system:controller:bootstrap-signer",
                        verbs(READ).groups(CORE).resources("configmaps"),
                        verbs("update").groups(CORE).resources("configmaps").names("cluster-info"),
                        events()),
                role(KUBE_SYSTEM, "extension-apiserver-authentication-reader",
                        verbs(READ).groups(CORE).resources("configmaps").names("extension-apiserver-authentication")),
                leaderLocking("system::leader-locking-kube-controller-manager"),
                leaderLocking("system::leader-locking-kube-scheduler"),
                role(KUBE_SYSTEM, "system:controller:bootstrap-signer",
                        verbs(READ).groups(CORE).resources("secrets")),
                role(KUBE_SYSTEM, "system:controller:cloud-provider",
                        verbs("create", "get", "list", "watch").groups(CORE).resources("configmaps")),
                role(KUBE_SYSTEM, "system:controller:token-cleaner",
                        verbs("delete", "get", "list", "watch").groups(CORE).resources("secrets"),
                        events()));
    }

    private static ObjectNode leaderLocking(String name) {
        return role(KUBE_SYSTEM, name,
                verbs("create", "get", "list", "update", "watch").groups(COORDINATION).resources("leases"),
                verbs("create", "get", "list", "update", "watch").groups(COORDINATION).resources("leasecandidates"));
    }

    public static List<ObjectNode> roleBindings() {
        return List.of(
                roleBinding(KUBE_PUBLIC, "system:controller:bootstrap-signer", RoleRef.role("system:controller:bootstrap-signer"),
                        Subject.serviceAccount(KUBE_SYSTEM, "bootstrap-signer")),
                roleBinding(KUBE_SYSTEM, "system::extension-apiserver-authentication-reader",
                        RoleRef.role("extension-apiserver-authentication-reader"),
                        Subject.user("system:kube-controller-manager"), Subject.user("system:kube-scheduler")),
                roleBinding(KUBE_SYSTEM, "system::leader-locking-kube-controller-manager",
                        RoleRef.role("system::leader-locking-kube-controller-manager"),
                        Subject.user("system:kube-controller-manager"),
                        Subject.serviceAccount(KUBE_SYSTEM, "kube-controller-manager"),
                        Subject.serviceAccount(KUBE_SYSTEM, "leader-election-controller")),
                roleBinding(KUBE_SYSTEM, "system::leader-locking-kube-scheduler",
                        RoleRef.role("system::leader-locking-kube-scheduler"),
                        Subject.user("system:kube-scheduler"), Subject.serviceAccount(KUBE_SYSTEM, "kube-scheduler")),
                roleBinding(KUBE_SYSTEM, "system:controller:bootstrap-signer", RoleRef.role("system:controller:bootstrap-signer"),
                        Subject.serviceAccount(KUBE_SYSTEM, "bootstrap-signer")),
                roleBinding(KUBE_SYSTEM, "system:controller:cloud-provider", RoleRef.role("system:controller:cloud-provider"),
                        Subject.serviceAccount(KUBE_SYSTEM, "cloud-provider")),
                roleBinding(KUBE_SYSTEM, "system:controller:token-cleaner", RoleRef.role("system:controller:token-cleaner"),
                        Subject.serviceAccount(KUBE_SYSTEM, "token-cleaner")));
    }
}
