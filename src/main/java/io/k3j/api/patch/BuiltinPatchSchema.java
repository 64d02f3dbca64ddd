package io.k3j.api.patch;

import static io.k3j.api.patch.ListStrategy.ATOMIC;
import static io.k3j.api.patch.ListStrategy.mergeByKey;
import static io.k3j.api.patch.ListStrategy.mergeByKeyAtomicForApply;
import static io.k3j.api.patch.ListStrategy.mergeSet;

import com.fasterxml.jackson.databind.node.TextNode;
import io.k3j.api.GroupVersionKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The merge metadata of well-known built-in lists (k8s.io/api v0.33 struct tags), kept as data: a small
 * graph of named types, each mapping field names to a child type and, for lists, a {@link ListStrategy}.
 * Kinds name their root type. Fields not listed default to granular maps and replaced/atomic lists.
 */
public final class BuiltinPatchSchema implements PatchSchema {

    /** One field of a type: the type it leads to (may be null for leaves) and what kind of container it is. */
    private record Field(String type, ListStrategy list, boolean atomicMap) {
    }

    /** API groups served by kube-apiserver itself; anything else is a custom resource. */
    private static final Set<String> BUILTIN_GROUPS = Set.of("", "apps", "batch", "autoscaling", "policy",
            "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "apiextensions.k8s.io",
            "admissionregistration.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io",
            "certificates.k8s.io", "scheduling.k8s.io", "node.k8s.io", "flowcontrol.apiserver.k8s.io",
            "apiregistration.k8s.io", "resource.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
            "storagemigration.k8s.io", "internal.apiserver.k8s.io");

    private final Map<String, Map<String, Field>> types = new HashMap<>();
    private final Map<String, String> roots = new HashMap<>();

    public BuiltinPatchSchema() {
        type("ObjectMeta",
                list("finalizers", null, mergeSet()),
                list("ownerReferences", null, mergeByKey("uid")),
                list("managedFields", null, ATOMIC));
        type("PodTemplateSpec", obj("metadata", "ObjectMeta"), obj("spec", "PodSpec"));
        type("PodSpec",
                list("containers", "Container", mergeByKey("name")),
                list("initContainers", "Container", mergeByKey("name")),
                list("ephemeralContainers", "Container", mergeByKey("name")),
                list("volumes", "Volume", mergeByKey("name").withRetainKeys()),
                list("imagePullSecrets", null, mergeByKey("name")),
                list("tolerations", null, ATOMIC),
                list("hostAliases", null, mergeByKey("ip")),
                list("topologySpreadConstraints", null, mergeByKey("topologyKey", "whenUnsatisfiable")),
                list("resourceClaims", null, mergeByKey("name").withRetainKeys()),
                list("schedulingGates", null, mergeByKey("name")),
                list("readinessGates", null, ATOMIC));
        type("Container",
                list("env", null, mergeByKey("name")),
                list("ports", null, mergeByKey("containerPort", "protocol").withKeyDefault("protocol", TextNode.valueOf("TCP"))),
                list("volumeMounts", null, mergeByKey("mountPath")),
                list("volumeDevices", null, mergeByKey("devicePath")),
                list("args", null, ATOMIC),
                list("command", null, ATOMIC),
                list("envFrom", null, ATOMIC),
                list("resizePolicy", null, ATOMIC));
        type("Volume");
        type("Conditions", list("conditions", null, mergeByKey("type")));
        // CRD and CSR conditions carry no patch tags: strategic merge replaces them, apply keys them by type
        type("ApplyOnlyConditions", list("conditions", null, ListStrategy.mapForApplyOnly("type")));
        type("PodStatus",
                list("conditions", null, mergeByKey("type")),
                list("podIPs", null, mergeByKey("ip")),
                list("hostIPs", null, mergeByKeyAtomicForApply("ip")),
                list("resourceClaimStatuses", null, mergeByKey("name").withRetainKeys()),
                list("containerStatuses", null, ATOMIC),
                list("initContainerStatuses", null, ATOMIC),
                list("ephemeralContainerStatuses", null, ATOMIC));
        type("WorkloadSpec", obj("template", "PodTemplateSpec"), atomicObj("selector"),
                list("volumeClaimTemplates", null, ATOMIC));
        type("DeploymentSpec", obj("template", "PodTemplateSpec"), atomicObj("selector"));
        type("JobSpec", obj("template", "PodTemplateSpec"), atomicObj("selector"));
        type("JobStatus", list("conditions", null, mergeByKeyAtomicForApply("type")));
        type("JobTemplateSpec", obj("metadata", "ObjectMeta"), obj("spec", "JobSpec"));
        type("CronJobSpec", obj("jobTemplate", "JobTemplateSpec"));
        type("ReplicationControllerSpec", obj("template", "PodTemplateSpec"));
        type("ServiceSpec",
                list("ports", null, mergeByKey("port", "protocol").withKeyDefault("protocol", TextNode.valueOf("TCP"))),
                list("clusterIPs", null, ATOMIC),
                list("ipFamilies", null, ATOMIC),
                list("externalIPs", null, ATOMIC));
        type("NodeSpec", list("taints", null, ATOMIC), list("podCIDRs", null, mergeSet()));
        type("NodeStatus",
                list("conditions", null, mergeByKey("type")),
                list("addresses", null, mergeByKey("type")),
                list("images", null, ATOMIC),
                list("volumesAttached", null, ATOMIC),
                list("volumesInUse", null, ATOMIC));
        type("NamespaceSpec", list("finalizers", null, ATOMIC));
        type("IngressSpec", list("rules", null, ATOMIC), list("tls", null, ATOMIC));
        type("NetworkPolicySpec", atomicObj("podSelector"), list("ingress", null, ATOMIC), list("egress", null, ATOMIC),
                list("policyTypes", null, ATOMIC));
        type("PodDisruptionBudgetSpec", atomicObj("selector"));
        type("PersistentVolumeClaimSpec", list("accessModes", null, ATOMIC));
        type("HorizontalPodAutoscalerSpec", list("metrics", null, ATOMIC));

        kind("", "Pod", "spec", "PodSpec", "status", "PodStatus");
        kind("", "PodTemplate", "template", "PodTemplateSpec");
        kind("", "ReplicationController", "spec", "ReplicationControllerSpec", "status", "Conditions");
        kind("", "Service", "spec", "ServiceSpec", "status", "Conditions");
        kind("", "Node", "spec", "NodeSpec", "status", "NodeStatus");
        kind("", "Namespace", "spec", "NamespaceSpec", "status", "Conditions");
        kind("", "PersistentVolumeClaim", "spec", "PersistentVolumeClaimSpec", "status", "Conditions");
        // Endpoints subsets and ServiceAccount lists carry no merge tags: replaced whole / atomic
        rootOnly("", "Endpoints", list("subsets", null, ATOMIC));
        rootOnly("", "ServiceAccount", list("secrets", null, mergeByKey("name")), list("imagePullSecrets", null, ATOMIC));
        kind("apps", "Deployment", "spec", "DeploymentSpec", "status", "Conditions");
        kind("apps", "ReplicaSet", "spec", "WorkloadSpec", "status", "Conditions");
        kind("apps", "DaemonSet", "spec", "WorkloadSpec", "status", "Conditions");
        kind("apps", "StatefulSet", "spec", "WorkloadSpec", "status", "Conditions");
        kind("batch", "Job", "spec", "JobSpec", "status", "JobStatus");
        kind("batch", "CronJob", "spec", "CronJobSpec");
        kind("networking.k8s.io", "Ingress", "spec", "IngressSpec");
        kind("networking.k8s.io", "NetworkPolicy", "spec", "NetworkPolicySpec");
        kind("policy", "PodDisruptionBudget", "spec", "PodDisruptionBudgetSpec", "status", "Conditions");
        kind("autoscaling", "HorizontalPodAutoscaler", "spec", "HorizontalPodAutoscalerSpec", "status", "Conditions");
        kind("apiextensions.k8s.io", "CustomResourceDefinition", "status", "ApplyOnlyConditions");
        kind("certificates.k8s.io", "CertificateSigningRequest", "status", "ApplyOnlyConditions");
        rootOnly("discovery.k8s.io", "EndpointSlice", list("endpoints", null, ATOMIC), list("ports", null, ATOMIC));
        rootOnly("rbac.authorization.k8s.io", "Role", list("rules", null, ATOMIC));
        rootOnly("rbac.authorization.k8s.io", "ClusterRole", list("rules", null, ATOMIC));
        rootOnly("rbac.authorization.k8s.io", "RoleBinding", list("subjects", null, ATOMIC));
        rootOnly("rbac.authorization.k8s.io", "ClusterRoleBinding", list("subjects", null, ATOMIC));
    }

    @Override
    public boolean supportsStrategicMerge(GroupVersionKind gvk) {
        return BUILTIN_GROUPS.contains(gvk.group());
    }

    @Override
    public Optional<ListStrategy> lookup(GroupVersionKind gvk, List<String> path) {
        return field(gvk, path).map(Field::list);
    }

    @Override
    public boolean isAtomicMap(GroupVersionKind gvk, List<String> path) {
        return field(gvk, path).map(Field::atomicMap).orElse(false);
    }

    private Optional<Field> field(GroupVersionKind gvk, List<String> path) {
        // every kind, custom resources included, has the standard ObjectMeta under metadata
        String type = roots.getOrDefault(gvk.group() + "/" + gvk.kind(), "Object");
        Field f = null;
        for (String name : path) {
            Map<String, Field> fields = type == null ? null : types.get(type);
            f = fields == null ? null : fields.get(name);
            if (f == null) {
                return Optional.empty();
            }
            type = f.type();
        }
        return Optional.ofNullable(f);
    }

    // ---- table builders ----

    private record Entry(String name, Field field) {
    }

    private static Entry list(String name, String elementType, ListStrategy strategy) {
        return new Entry(name, new Field(elementType, strategy, false));
    }

    private static Entry obj(String name, String type) {
        return new Entry(name, new Field(type, null, false));
    }

    private static Entry atomicObj(String name) {
        return new Entry(name, new Field(null, null, true));
    }

    private void type(String name, Entry... entries) {
        Map<String, Field> fields = new HashMap<>();
        for (Entry e : entries) {
            fields.put(e.name(), e.field());
        }
        types.put(name, fields);
    }

    /** A kind whose root has metadata plus the given top-level object fields. */
    private void kind(String group, String kind, String... fieldTypes) {
        Entry[] entries = new Entry[fieldTypes.length / 2 + 1];
        entries[0] = obj("metadata", "ObjectMeta");
        for (int i = 0; i < fieldTypes.length; i += 2) {
            entries[i / 2 + 1] = obj(fieldTypes[i], fieldTypes[i + 1]);
        }
        rootOnly(group, kind, entries);
    }

    /** A kind whose lists sit directly at the root (Endpoints, RBAC). */
    private void rootOnly(String group, String kind, Entry... entries) {
        String rootType = "kind:" + group + "/" + kind;
        Entry[] all = java.util.Arrays.copyOf(entries, entries.length + 1);
        all[entries.length] = obj("metadata", "ObjectMeta");
        type(rootType, all);
        roots.put(group + "/" + kind, rootType);
        types.putIfAbsent("Object", Map.of("metadata", new Field("ObjectMeta", null, false)));
    }
}
