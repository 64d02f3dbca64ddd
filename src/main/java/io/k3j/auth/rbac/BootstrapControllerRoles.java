package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.BootstrapObjects.CORE;
import static io.k3j.auth.rbac.BootstrapObjects.READ;
import static io.k3j.auth.rbac.BootstrapObjects.events;
import static io.k3j.auth.rbac.PolicyRule.verbs;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ClusterRoles {@code system:controller:<name>} upstream creates for each kube-controller-manager controller
 * (each bound to the ServiceAccount {@code kube-system/<name>}, which the controller uses with
 * --use-service-account-credentials). As Kubernetes 1.33 with default feature gates: the DRA controllers
 * (resource-claim, device-taint-eviction) and volumeattributesclass-protection are gated off there.
 */
final class BootstrapControllerRoles {

    static final String PREFIX = "system:controller:";

    private static final String APPS = "apps";
    private static final String EXTENSIONS = "extensions";
    private static final String BATCH = "batch";
    private static final String STORAGE = "storage.k8s.io";
    private static final String[] CRUD_NO_COLLECTION = {"create", "delete", "get", "list", "patch", "update", "watch"};

    private BootstrapControllerRoles() {
    }

    /** Controller name (also its ServiceAccount's name) → the rules of its role. */
    static Map<String, List<PolicyRule>> rules() {
        Map<String, List<PolicyRule>> m = new LinkedHashMap<>();
        m.put("attachdetach-controller", List.of(
                verbs("list", "watch").groups(CORE).resources("persistentvolumeclaims", "persistentvolumes"),
                verbs(READ).groups(CORE).resources("nodes"),
                verbs("patch", "update").groups(CORE).resources("nodes/status"),
                verbs("list", "watch").groups(CORE).resources("pods"),
                events(),
                verbs("create", "delete", "get", "list", "watch").groups(STORAGE).resources("volumeattachments"),
                verbs(READ).groups(STORAGE).resources("csidrivers"),
                verbs(READ).groups(STORAGE).resources("csinodes")));
        m.put("certificate-controller", List.of(
                verbs("delete", "get", "list", "watch").groups("certificates.k8s.io").resources("certificatesigningrequests"),
                verbs("update").groups("certificates.k8s.io")
                        .resources("certificatesigningrequests/approval", "certificatesigningrequests/status"),
                verbs("approve").groups("certificates.k8s.io").resources("signers")
                        .names("kubernetes.io/kube-apiserver-client-kubelet"),
                verbs("sign").groups("certificates.k8s.io").resources("signers").names("kubernetes.io/kube-apiserver-client",
                        "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving",
                        "kubernetes.io/legacy-unknown"),
                verbs("create").groups("authorization.k8s.io").resources("subjectaccessreviews"),
                events()));
        m.put("clusterrole-aggregation-controller", List.of(
                verbs("escalate", "get", "list", "patch", "update", "watch").groups("rbac.authorization.k8s.io")
                        .resources("clusterroles")));
        m.put("cronjob-controller", List.of(
                verbs("get", "list", "update", "watch").groups(BATCH).resources("cronjobs"),
                verbs(CRUD_NO_COLLECTION).groups(BATCH).resources("jobs"),
                verbs("update").groups(BATCH).resources("cronjobs/status"),
                verbs("update").groups(BATCH).resources("cronjobs/finalizers"),
                verbs("delete", "list", "watch").groups(CORE).resources("pods"),
                events()));
        m.put("daemon-set-controller", List.of(
                verbs(READ).groups(APPS, EXTENSIONS).resources("daemonsets"),
                verbs("update").groups(APPS, EXTENSIONS).resources("daemonsets/status"),
                verbs("update").groups(APPS, EXTENSIONS).resources("daemonsets/finalizers"),
                verbs("list", "watch").groups(CORE).resources("nodes"),
                verbs("create", "delete", "list", "patch", "watch").groups(CORE).resources("pods"),
                verbs("create").groups(CORE).resources("pods/binding"),
                verbs(CRUD_NO_COLLECTION).groups(APPS).resources("controllerrevisions"),
                events()));
        m.put("deployment-controller", List.of(
                verbs("get", "list", "update", "watch").groups(APPS, EXTENSIONS).resources("deployments"),
                verbs("update").groups(APPS, EXTENSIONS).resources("deployments/status"),
                verbs("update").groups(APPS, EXTENSIONS).resources("deployments/finalizers"),
                verbs(CRUD_NO_COLLECTION).groups(APPS, EXTENSIONS).resources("replicasets"),
                verbs("get", "list", "update", "watch").groups(CORE).resources("pods"),
                events()));
        m.put("disruption-controller", List.of(
                verbs(READ).groups(APPS, EXTENSIONS).resources("deployments"),
                verbs(READ).groups(APPS, EXTENSIONS).resources("replicasets"),
                verbs(READ).groups(CORE).resources("replicationcontrollers"),
                verbs(READ).groups("policy").resources("poddisruptionbudgets"),
                verbs(READ).groups(APPS).resources("statefulsets"),
                verbs("update").groups("policy").resources("poddisruptionbudgets/status"),
                verbs("patch", "update").groups(CORE).resources("pods/status"),
                verbs("get").groups("*").resources("*/scale"),
                events()));
        m.put("endpoint-controller", List.of(
                verbs(READ).groups(CORE).resources("pods", "services"),
                verbs("create", "delete", "get", "list", "update", "watch").groups(CORE).resources("endpoints"),
                verbs("create").groups(CORE).resources("endpoints/restricted"),
                events()));
        m.put("endpointslice-controller", List.of(
                verbs(READ).groups(CORE).resources("nodes", "pods", "services"),
                verbs("update").groups(CORE).resources("services/finalizers"),
                verbs("create", "delete", "get", "list", "update", "watch").groups("discovery.k8s.io").resources("endpointslices"),
                events()));
        m.put("endpointslicemirroring-controller", List.of(
                verbs(READ).groups(CORE).resources("endpoints", "services"),
                verbs("update").groups(CORE).resources("services/finalizers"),
                verbs("update").groups(CORE).resources("endpoints/finalizers"),
                verbs("create", "delete", "get", "list", "update", "watch").groups("discovery.k8s.io").resources("endpointslices"),
                events()));
        m.put("ephemeral-volume-controller", List.of(
                verbs(READ).groups(CORE).resources("pods"),
                verbs("update").groups(CORE).resources("pods/finalizers"),
                verbs("create", "get", "list", "watch").groups(CORE).resources("persistentvolumeclaims"),
                events()));
        m.put("expand-controller", List.of(
                verbs("get", "list", "patch", "update", "watch").groups(CORE).resources("persistentvolumes"),
                verbs("patch", "update").groups(CORE).resources("persistentvolumeclaims/status"),
                verbs(READ).groups(CORE).resources("persistentvolumeclaims"),
                events()));
        m.put("generic-garbage-collector", List.of(
                verbs("delete", "get", "list", "patch", "update", "watch").groups("*").resources("*"),
                events()));
        m.put("horizontal-pod-autoscaler", List.of(
                verbs(READ).groups("autoscaling").resources("horizontalpodautoscalers"),
                verbs("update").groups("autoscaling").resources("horizontalpodautoscalers/status"),
                verbs("get", "update").groups("*").resources("*/scale"),
                verbs("list", "watch").groups(CORE).resources("pods"),
                verbs("list", "watch").groups("metrics.k8s.io").resources("pods"),
                verbs(READ).groups("custom.metrics.k8s.io").resources("*"),
                verbs(READ).groups("external.metrics.k8s.io").resources("*"),
                events()));
        m.put("job-controller", List.of(
                verbs("get", "list", "patch", "update", "watch").groups(BATCH).resources("jobs"),
                verbs("update").groups(BATCH).resources("jobs/status"),
                verbs("update").groups(BATCH).resources("jobs/finalizers"),
                verbs("create", "delete", "list", "patch", "watch").groups(CORE).resources("pods"),
                events()));
        m.put("legacy-service-account-token-cleaner", List.of(
                verbs("get").groups(CORE).resources("configmaps").names("kube-apiserver-legacy-service-account-token-tracking"),
                verbs("delete", "patch").groups(CORE).resources("secrets")));
        m.put("namespace-controller", List.of(
                verbs("delete", "get", "list", "watch").groups(CORE).resources("namespaces"),
                verbs("update").groups(CORE).resources("namespaces/finalize", "namespaces/status"),
                verbs("delete", "deletecollection", "get", "list", "watch").groups("*").resources("*")));
        m.put("node-controller", List.of(
                verbs("delete", "get", "list", "patch", "update", "watch").groups(CORE).resources("nodes"),
                verbs("patch", "update").groups(CORE).resources("nodes/status"),
                verbs("patch", "update").groups(CORE).resources("pods/status"),
                verbs("delete", "get", "list", "watch").groups(CORE).resources("pods"),
                events()));
        m.put("persistent-volume-binder", List.of(
                verbs("create", "delete", "get", "list", "update", "watch").groups(CORE).resources("persistentvolumes"),
                verbs("update").groups(CORE).resources("persistentvolumes/status"),
                verbs("get", "list", "update", "watch").groups(CORE).resources("persistentvolumeclaims"),
                verbs("update").groups(CORE).resources("persistentvolumeclaims/status"),
                verbs("create", "delete", "get", "list", "watch").groups(CORE).resources("pods"),
                verbs(READ).groups(STORAGE).resources("storageclasses"),
                verbs("list", "watch").groups(CORE).resources("nodes"),
                events(),
                verbs("watch").groups(CORE).resources("events")));
        m.put("pod-garbage-collector", List.of(
                verbs("delete", "list", "watch").groups(CORE).resources("pods"),
                verbs(READ).groups(CORE).resources("nodes"),
                verbs("patch").groups(CORE).resources("pods/status")));
        m.put("pv-protection-controller", List.of(
                verbs("get", "list", "update", "watch").groups(CORE).resources("persistentvolumes"),
                events()));
        m.put("pvc-protection-controller", List.of(
                verbs("get", "list", "update", "watch").groups(CORE).resources("persistentvolumeclaims"),
                verbs("update").groups(CORE).resources("persistentvolumeclaims/status"),
                verbs(READ).groups(CORE).resources("pods"),
                events()));
        m.put("replicaset-controller", List.of(
                verbs("get", "list", "update", "watch").groups(APPS, EXTENSIONS).resources("replicasets"),
                verbs("update").groups(APPS, EXTENSIONS).resources("replicasets/status"),
                verbs("update").groups(APPS, EXTENSIONS).resources("replicasets/finalizers"),
                verbs("create", "delete", "list", "patch", "watch").groups(CORE).resources("pods"),
                events()));
        m.put("replication-controller", List.of(
                verbs("get", "list", "update", "watch").groups(CORE).resources("replicationcontrollers"),
                verbs("update").groups(CORE).resources("replicationcontrollers/status"),
                verbs("update").groups(CORE).resources("replicationcontrollers/finalizers"),
                verbs("create", "delete", "list", "patch", "watch").groups(CORE).resources("pods"),
                events()));
        m.put("resourcequota-controller", List.of(
                verbs("list", "watch").groups("*").resources("*"),
                verbs("update").groups(CORE).resources("resourcequotas/status"),
                events()));
        m.put("root-ca-cert-publisher", List.of(
                verbs("create", "update").groups(CORE).resources("configmaps"),
                events()));
        m.put("route-controller", List.of(
                verbs("list", "watch").groups(CORE).resources("nodes"),
                verbs("patch").groups(CORE).resources("nodes/status"),
                events()));
        m.put("selinux-warning-controller", List.of(
                events(),
                verbs(READ).groups(CORE).resources("persistentvolumes"),
                verbs(READ).groups(CORE).resources("persistentvolumeclaims"),
                verbs(READ).groups(CORE).resources("pods"),
                verbs(READ).groups(STORAGE).resources("csidrivers")));
        m.put("service-account-controller", List.of(
                verbs("create").groups(CORE).resources("serviceaccounts"),
                events()));
        m.put("service-cidrs-controller", List.of(
                verbs("get", "list", "patch", "update", "watch").groups("networking.k8s.io").resources("servicecidrs"),
                verbs("patch", "update").groups("networking.k8s.io").resources("servicecidrs/finalizers"),
                verbs("patch", "update").groups("networking.k8s.io").resources("servicecidrs/status"),
                verbs(READ).groups("networking.k8s.io").resources("ipaddresses"),
                events()));
        m.put("service-controller", List.of(
                verbs(READ).groups(CORE).resources("services"),
                verbs("patch", "update").groups(CORE).resources("services/status"),
                verbs("list", "watch").groups(CORE).resources("nodes"),
                events()));
        m.put("statefulset-controller", List.of(
                verbs("list", "watch").groups(CORE).resources("pods"),
                verbs(READ).groups(APPS).resources("statefulsets"),
                verbs("update").groups(APPS).resources("statefulsets/status"),
                verbs("update").groups(APPS).resources("statefulsets/finalizers"),
                verbs("create", "delete", "get", "patch", "update").groups(CORE).resources("pods"),
                verbs(CRUD_NO_COLLECTION).groups(APPS).resources("controllerrevisions"),
                verbs("create", "get", "list", "watch").groups(CORE).resources("persistentvolumeclaims"),
                verbs("delete", "update").groups(CORE).resources("persistentvolumeclaims"),
                verbs("update").groups(CORE).resources("pods/finalizers"),
                events()));
        m.put("ttl-after-finished-controller", List.of(
                verbs("delete", "get", "list", "watch").groups(BATCH).resources("jobs"),
                events()));
        m.put("ttl-controller", List.of(
                verbs("list", "patch", "update", "watch").groups(CORE).resources("nodes"),
                events()));
        m.put("validatingadmissionpolicy-status-controller", List.of(
                verbs(READ).groups("admissionregistration.k8s.io").resources("validatingadmissionpolicies"),
                verbs("get", "patch", "update").groups("admissionregistration.k8s.io")
                        .resources("validatingadmissionpolicies/status"),
                events()));
        return m;
    }

    static List<ObjectNode> clusterRoles() {
        return rules().entrySet().stream()
                .map(e -> BootstrapObjects.clusterRole(PREFIX + e.getKey(), e.getValue().toArray(PolicyRule[]::new)))
                .toList();
    }

    static List<ObjectNode> clusterRoleBindings() {
        return rules().keySet().stream()
                .map(name -> BootstrapObjects.clusterRoleBinding(PREFIX + name, PREFIX + name,
                        Subject.serviceAccount("kube-system", name)))
                .toList();
    }
}
