package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.GroupVersionKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The printer of each built-in kind, keyed by group and kind (one printer serves every version, as upstream prints
 * from internal types). Kinds without one (Role, ClusterRole, LimitRange, CustomResourceDefinition…) get
 * {@link #DEFAULT}: Name and Created At, like upstream's default convertor.
 */
public final class Printers {

    /** kube-apiserver's default Table for types without a printer (CRDs, roles…). */
    public static final Printer DEFAULT = new DefaultPrinter();

    private static final class DefaultPrinter implements Printer {
        private final Printer fields = Printer.of(Printer.Field.name(), Printer.Field.createdAt());

        @Override
        public List<Column> columns() {
            return fields.columns();
        }

        @Override
        public List<Object> cells(JsonNode object, Instant now) {
            return fields.cells(object, now);
        }

        @Override
        public boolean nullRowsWhenEmpty() {
            return true;
        }
    }

    private static final Map<String, Printer> BY_GROUP_KIND = build();

    private Printers() {
    }

    /** The printer of a built-in kind, if upstream has one. */
    public static Optional<Printer> find(GroupVersionKind gvk) {
        return Optional.ofNullable(BY_GROUP_KIND.get(key(gvk.group(), gvk.kind())));
    }

    /** The printer of a kind, or {@link #DEFAULT}. */
    public static Printer forKind(GroupVersionKind gvk) {
        return find(gvk).orElse(DEFAULT);
    }

    private static String key(String group, String kind) {
        return group + "/" + kind;
    }

    private static Map<String, Printer> build() {
        Map<String, Printer> m = new HashMap<>();
        Map<String, Supplier<Printer>> core = Map.ofEntries(
                Map.entry("Pod", PodPrinter::new),
                Map.entry("PodTemplate", WorkloadPrinters::podTemplate),
                Map.entry("ReplicationController", WorkloadPrinters::replicationController),
                Map.entry("Service", ServicePrinter::new),
                Map.entry("Endpoints", NetworkPrinters::endpoints),
                Map.entry("Node", NodePrinter::new),
                Map.entry("Event", () -> new EventPrinter(false)),
                Map.entry("Namespace", CorePrinters::namespace),
                Map.entry("Secret", CorePrinters::secret),
                Map.entry("ServiceAccount", CorePrinters::serviceAccount),
                Map.entry("ConfigMap", CorePrinters::configMap),
                Map.entry("PersistentVolume", StoragePrinters::persistentVolume),
                Map.entry("PersistentVolumeClaim", StoragePrinters::persistentVolumeClaim),
                Map.entry("ResourceQuota", CorePrinters::resourceQuota),
                Map.entry("ComponentStatus", CorePrinters::componentStatus));
        core.forEach((kind, p) -> m.put(key("", kind), p.get()));

        String rbac = "rbac.authorization.k8s.io", storage = "storage.k8s.io", net = "networking.k8s.io",
                adm = "admissionregistration.k8s.io", flow = "flowcontrol.apiserver.k8s.io";
        m.put(key("apps", "Deployment"), WorkloadPrinters.deployment());
        m.put(key("apps", "ReplicaSet"), WorkloadPrinters.replicaSet());
        m.put(key("apps", "StatefulSet"), WorkloadPrinters.statefulSet());
        m.put(key("apps", "DaemonSet"), WorkloadPrinters.daemonSet());
        m.put(key("apps", "ControllerRevision"), WorkloadPrinters.controllerRevision());
        m.put(key("batch", "Job"), BatchPrinters.job());
        m.put(key("batch", "CronJob"), BatchPrinters.cronJob());
        m.put(key("autoscaling", "HorizontalPodAutoscaler"), HpaPrinter.printer());
        m.put(key("policy", "PodDisruptionBudget"), CorePrinters.podDisruptionBudget());
        m.put(key("coordination.k8s.io", "Lease"), CorePrinters.lease());
        m.put(key("events.k8s.io", "Event"), new EventPrinter(true));
        m.put(key("discovery.k8s.io", "EndpointSlice"), NetworkPrinters.endpointSlice());
        m.put(key(net, "Ingress"), NetworkPrinters.ingress());
        m.put(key(net, "IngressClass"), NetworkPrinters.ingressClass());
        m.put(key(net, "NetworkPolicy"), NetworkPrinters.networkPolicy());
        m.put(key(net, "ServiceCIDR"), NetworkPrinters.serviceCidr());
        m.put(key(net, "IPAddress"), NetworkPrinters.ipAddress());
        m.put(key(rbac, "RoleBinding"), ClusterPrinters.roleBinding());
        m.put(key(rbac, "ClusterRoleBinding"), ClusterPrinters.roleBinding());
        m.put(key("certificates.k8s.io", "CertificateSigningRequest"), ClusterPrinters.certificateSigningRequest());
        m.put(key(storage, "StorageClass"), StoragePrinters.storageClass());
        m.put(key(storage, "VolumeAttachment"), StoragePrinters.volumeAttachment());
        m.put(key(storage, "CSIDriver"), StoragePrinters.csiDriver());
        m.put(key(storage, "CSINode"), StoragePrinters.csiNode());
        m.put(key(storage, "CSIStorageCapacity"), StoragePrinters.csiStorageCapacity());
        m.put(key("scheduling.k8s.io", "PriorityClass"), ClusterPrinters.priorityClass());
        m.put(key("node.k8s.io", "RuntimeClass"), ClusterPrinters.runtimeClass());
        m.put(key(adm, "MutatingWebhookConfiguration"), ClusterPrinters.webhookConfiguration());
        m.put(key(adm, "ValidatingWebhookConfiguration"), ClusterPrinters.webhookConfiguration());
        m.put(key(adm, "ValidatingAdmissionPolicy"), ClusterPrinters.validatingAdmissionPolicy());
        m.put(key(adm, "ValidatingAdmissionPolicyBinding"), ClusterPrinters.validatingAdmissionPolicyBinding());
        m.put(key("apiregistration.k8s.io", "APIService"), ClusterPrinters.apiService());
        m.put(key(flow, "FlowSchema"), ClusterPrinters.flowSchema());
        m.put(key(flow, "PriorityLevelConfiguration"), ClusterPrinters.priorityLevelConfiguration());
        return Map.copyOf(m);
    }
}
