package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.BootstrapObjects.CORE;
import static io.k3j.auth.rbac.BootstrapObjects.READ;
import static io.k3j.auth.rbac.BootstrapObjects.READ_WRITE;
import static io.k3j.auth.rbac.BootstrapObjects.WRITE;
import static io.k3j.auth.rbac.BootstrapObjects.aggregatedClusterRole;
import static io.k3j.auth.rbac.BootstrapObjects.clusterRole;
import static io.k3j.auth.rbac.BootstrapObjects.events;
import static io.k3j.auth.rbac.BootstrapObjects.labelled;
import static io.k3j.auth.rbac.PolicyRule.verbs;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The ClusterRoles kube-apiserver's RBAC bootstrap creates (Kubernetes 1.33, default feature gates), apart from
 * the per-controller roles ({@link BootstrapControllerRoles}). The user-facing admin/edit/view roles are
 * aggregated: their rules come from the system:aggregate-to-* roles and anything else carrying the same labels.
 */
final class BootstrapClusterRoles {

    static final String AGGREGATE_TO_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
    static final String AGGREGATE_TO_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
    static final String AGGREGATE_TO_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

    private static final String AUTHENTICATION = "authentication.k8s.io";
    private static final String AUTHORIZATION = "authorization.k8s.io";
    private static final String CERTIFICATES = "certificates.k8s.io";
    private static final String COORDINATION = "coordination.k8s.io";
    private static final String STORAGE = "storage.k8s.io";

    private BootstrapClusterRoles() {
    }

    static List<ObjectNode> all() {
        return List.of(
                aggregatedClusterRole("admin", AGGREGATE_TO_ADMIN, Map.of()),
                clusterRole("cluster-admin",
                        verbs("*").groups("*").resources("*"),
                        verbs("*").urls("*")),
                aggregatedClusterRole("edit", AGGREGATE_TO_EDIT, Map.of(AGGREGATE_TO_ADMIN, "true")),
                labelled(aggregateToAdmin(), AGGREGATE_TO_ADMIN),
                labelled(aggregateToEdit(), AGGREGATE_TO_EDIT),
                labelled(aggregateToView(), AGGREGATE_TO_VIEW),
                clusterRole("system:auth-delegator",
                        verbs("create").groups(AUTHENTICATION).resources("tokenreviews"),
                        verbs("create").groups(AUTHORIZATION).resources("subjectaccessreviews")),
                clusterRole("system:basic-user",
                        verbs("create").groups(AUTHORIZATION).resources("selfsubjectaccessreviews", "selfsubjectrulesreviews"),
                        verbs("create").groups(AUTHENTICATION).resources("selfsubjectreviews")),
                clusterRole("system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                        verbs("create").groups(CERTIFICATES).resources("certificatesigningrequests/nodeclient")),
                clusterRole("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                        verbs("create").groups(CERTIFICATES).resources("certificatesigningrequests/selfnodeclient")),
                approver("kube-apiserver-client"),
                approver("kube-apiserver-client-kubelet"),
                approver("kubelet-serving"),
                approver("legacy-unknown"),
                clusterRole("system:discovery",
                        verbs("get").urls("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi",
                                "/openapi/*", "/readyz", "/version", "/version/")),
                clusterRole("system:heapster",
                        verbs(READ).groups(CORE).resources("events", "namespaces", "nodes", "pods"),
                        verbs(READ).groups("extensions").resources("deployments")),
                clusterRole("system:kube-aggregator",
                        verbs(READ).groups(CORE).resources("endpoints", "services")),
                kubeControllerManager(),
                clusterRole("system:kube-dns",
                        verbs("list", "watch").groups(CORE).resources("endpoints", "services")),
                kubeScheduler(),
                clusterRole("system:kubelet-api-admin",
                        verbs(READ).groups(CORE).resources("nodes"),
                        verbs("proxy").groups(CORE).resources("nodes"),
                        verbs("*").groups(CORE).resources("nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats")),
                clusterRole("system:monitoring",
                        verbs("get").urls("/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis",
                                "/readyz", "/readyz/*")),
                node(),
                clusterRole("system:node-bootstrapper",
                        verbs("create", "get", "list", "watch").groups(CERTIFICATES).resources("certificatesigningrequests")),
                clusterRole("system:node-problem-detector",
                        verbs("get").groups(CORE).resources("nodes"),
                        verbs("patch").groups(CORE).resources("nodes/status"),
                        events()),
                clusterRole("system:node-proxier",
                        verbs("list", "watch").groups(CORE).resources("endpoints", "services"),
                        verbs(READ).groups(CORE).resources("nodes"),
                        events(),
                        verbs("list", "watch").groups("discovery.k8s.io").resources("endpointslices")),
                clusterRole("system:persistent-volume-provisioner",
                        verbs("create", "delete", "get", "list", "watch").groups(CORE).resources("persistentvolumes"),
                        verbs("get", "list", "update", "watch").groups(CORE).resources("persistentvolumeclaims"),
                        verbs(READ).groups(STORAGE).resources("storageclasses"),
                        verbs("watch").groups(CORE).resources("events"),
                        events()),
                clusterRole("system:public-info-viewer",
                        verbs("get").urls("/healthz", "/livez", "/readyz", "/version", "/version/")),
                clusterRole("system:service-account-issuer-discovery",
                        verbs("get").urls("/.well-known/openid-configuration", "/openid/v1/jwks")),
                clusterRole("system:volume-scheduler",
                        verbs("get", "list", "patch", "update", "watch").groups(CORE).resources("persistentvolumes"),
                        verbs(READ).groups(STORAGE).resources("storageclasses"),
                        verbs("get", "list", "patch", "update", "watch").groups(CORE).resources("persistentvolumeclaims")),
                aggregatedClusterRole("view", AGGREGATE_TO_VIEW, Map.of(AGGREGATE_TO_EDIT, "true")));
    }

    private static ObjectNode approver(String signer) {
        return clusterRole("system:certificates.k8s.io:" + signer + "-approver",
                verbs("approve").groups(CERTIFICATES).resources("signers").names("kubernetes.io/" + signer));
    }

    private static ObjectNode aggregateToAdmin() {
        return clusterRole("system:aggregate-to-admin",
                verbs("create").groups(AUTHORIZATION).resources("localsubjectaccessreviews"),
                verbs(READ_WRITE).groups("rbac.authorization.k8s.io").resources("rolebindings", "roles"));
    }

    private static ObjectNode aggregateToEdit() {
        return clusterRole("system:aggregate-to-edit",
                verbs(READ).groups(CORE).resources("pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets",
                        "services/proxy"),
                verbs("impersonate").groups(CORE).resources("serviceaccounts"),
                verbs(WRITE).groups(CORE).resources("pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"),
                verbs("create").groups(CORE).resources("pods/eviction"),
                verbs(WRITE).groups(CORE).resources("configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
                        "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"),
                verbs("create").groups(CORE).resources("serviceaccounts/token"),
                verbs(WRITE).groups("apps").resources("daemonsets", "deployments", "deployments/rollback",
                        "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"),
                verbs(WRITE).groups("autoscaling").resources("horizontalpodautoscalers"),
                verbs(WRITE).groups("batch").resources("cronjobs", "jobs"),
                verbs(WRITE).groups("extensions").resources("daemonsets", "deployments", "deployments/rollback",
                        "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale",
                        "replicationcontrollers/scale"),
                verbs(WRITE).groups("policy").resources("poddisruptionbudgets"),
                verbs(WRITE).groups("networking.k8s.io").resources("ingresses", "networkpolicies"),
                verbs(READ_WRITE).groups(COORDINATION).resources("leases"));
    }

    private static ObjectNode aggregateToView() {
        return clusterRole("system:aggregate-to-view",
                verbs(READ).groups(CORE).resources("configmaps", "endpoints", "persistentvolumeclaims",
                        "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale",
                        "serviceaccounts", "services", "services/status"),
                verbs(READ).groups(CORE).resources("bindings", "events", "limitranges", "namespaces/status", "pods/log",
                        "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"),
                verbs(READ).groups(CORE).resources("namespaces"),
                verbs(READ).groups("discovery.k8s.io").resources("endpointslices"),
                verbs(READ).groups("apps").resources("controllerrevisions", "daemonsets", "daemonsets/status",
                        "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale",
                        "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"),
                verbs(READ).groups("autoscaling").resources("horizontalpodautoscalers", "horizontalpodautoscalers/status"),
                verbs(READ).groups("batch").resources("cronjobs", "cronjobs/status", "jobs", "jobs/status"),
                verbs(READ).groups("extensions").resources("daemonsets", "daemonsets/status", "deployments",
                        "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies",
                        "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"),
                verbs(READ).groups("policy").resources("poddisruptionbudgets", "poddisruptionbudgets/status"),
                verbs(READ).groups("networking.k8s.io").resources("ingresses", "ingresses/status", "networkpolicies"));
    }

    private static ObjectNode kubeControllerManager() {
        return clusterRole("system:kube-controller-manager",
                events(),
                verbs("create").groups(COORDINATION).resources("leases"),
                verbs("get", "update").groups(COORDINATION).resources("leases").names("kube-controller-manager"),
                verbs("create").groups(CORE).resources("secrets", "serviceaccounts"),
                verbs("delete").groups(CORE).resources("secrets"),
                verbs("get").groups(CORE).resources("configmaps", "namespaces", "secrets", "serviceaccounts"),
                verbs("update").groups(CORE).resources("secrets", "serviceaccounts"),
                verbs("create").groups(AUTHENTICATION).resources("tokenreviews"),
                verbs("create").groups(AUTHORIZATION).resources("subjectaccessreviews"),
                verbs("list", "watch").groups("*").resources("*"),
                verbs("create").groups(CORE).resources("serviceaccounts/token"));
    }

    private static ObjectNode kubeScheduler() {
        return clusterRole("system:kube-scheduler",
                events(),
                verbs("create").groups(COORDINATION).resources("leases"),
                verbs("get", "update").groups(COORDINATION).resources("leases").names("kube-scheduler"),
                verbs(READ).groups(CORE).resources("nodes"),
                verbs("delete", "get", "list", "watch").groups(CORE).resources("pods"),
                verbs("create").groups(CORE).resources("bindings", "pods/binding"),
                verbs("patch", "update").groups(CORE).resources("pods/status"),
                verbs(READ).groups(CORE).resources("replicationcontrollers", "services"),
                verbs(READ).groups("apps", "extensions").resources("replicasets"),
                verbs(READ).groups("apps").resources("statefulsets"),
                verbs(READ).groups("policy").resources("poddisruptionbudgets"),
                verbs(READ).groups(CORE).resources("persistentvolumeclaims", "persistentvolumes"),
                verbs("create").groups(AUTHENTICATION).resources("tokenreviews"),
                verbs("create").groups(AUTHORIZATION).resources("subjectaccessreviews"),
                verbs(READ).groups(STORAGE).resources("csinodes"),
                verbs(READ).groups(CORE).resources("namespaces"),
                verbs(READ).groups(STORAGE).resources("csidrivers"),
                verbs(READ).groups(STORAGE).resources("csistoragecapacities"));
    }

    private static ObjectNode node() {
        return clusterRole("system:node",
                verbs("create").groups(AUTHENTICATION).resources("tokenreviews"),
                verbs("create").groups(AUTHORIZATION).resources("localsubjectaccessreviews", "subjectaccessreviews"),
                verbs(READ).groups(CORE).resources("services"),
                verbs("create", "get", "list", "watch").groups(CORE).resources("nodes"),
                verbs("patch", "update").groups(CORE).resources("nodes/status"),
                verbs("patch", "update").groups(CORE).resources("nodes"),
                verbs("create", "patch", "update").groups(CORE).resources("events"),
                verbs(READ).groups(CORE).resources("pods"),
                verbs("create", "delete").groups(CORE).resources("pods"),
                verbs("patch", "update").groups(CORE).resources("pods/status"),
                verbs("create").groups(CORE).resources("pods/eviction"),
                verbs(READ).groups(CORE).resources("configmaps", "secrets"),
                verbs("get").groups(CORE).resources("persistentvolumeclaims", "persistentvolumes"),
                verbs("get").groups(CORE).resources("endpoints"),
                verbs("create", "get", "list", "watch").groups(CERTIFICATES).resources("certificatesigningrequests"),
                verbs("create", "delete", "get", "patch", "update").groups(COORDINATION).resources("leases"),
                verbs("get").groups(STORAGE).resources("volumeattachments"),
                verbs("create").groups(CORE).resources("serviceaccounts/token"),
                verbs("get", "patch", "update").groups(CORE).resources("persistentvolumeclaims/status"),
                verbs(READ).groups(STORAGE).resources("csidrivers"),
                verbs("create", "delete", "get", "patch", "update").groups(STORAGE).resources("csinodes"),
                verbs(READ).groups("node.k8s.io").resources("runtimeclasses"));
    }
}
