package io.k3j.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the well-known lists and maps of built-in kinds merge: the {@code patchStrategy}/{@code patchMergeKey} Go
 * struct tags (strategic merge patch) and the {@code +listType}/{@code +listMapKey} markers (server-side apply),
 * as upstream declares them. The OpenAPI generator emits these as {@code x-kubernetes-*} extensions and the
 * strategic-merge-patch engine reads the same table, so the two can never disagree.
 *
 * <p>Keys are upstream OpenAPI schema names ({@code io.k8s.api.core.v1.PodSpec}) plus the JSON field name.
 */
public final class PatchMeta {

    /**
     * @param strategy    {@code merge}, {@code retainKeys}, {@code merge,retainKeys}, or null (replace)
     * @param mergeKey    the element field that identifies list entries under {@code merge}, or null
     * @param listType    {@code atomic}, {@code set}, {@code map}, or null when upstream leaves it unset
     * @param listMapKeys the keys of a {@code map} list
     */
    public record Field(String strategy, String mergeKey, String listType, List<String> listMapKeys) {

        public Field {
            listMapKeys = List.copyOf(listMapKeys);
        }

        public boolean mergesByKey() {
            return strategy != null && strategy.contains("merge") && mergeKey != null;
        }
    }

    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String APPS = "io.k8s.api.apps.v1.";
    private static final String EXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.";

    private static final Map<String, Map<String, Field>> TABLE = new HashMap<>();


    static {
        // metadata
        set(META + "ObjectMeta", "finalizers", "merge", null, "set");
        map(META + "ObjectMeta", "ownerReferences", "merge", "uid", "uid");
        atomic(META + "ObjectMeta", "managedFields");
        // pod spec
        for (String type : List.of(CORE + "PodSpec")) {
            map(type, "containers", "merge", "name", "name");
            map(type, "initContainers", "merge", "name", "name");
            map(type, "ephemeralContainers", "merge", "name", "name");
            map(type, "volumes", "merge,retainKeys", "name", "name");
            map(type, "imagePullSecrets", "merge", "name", "name");
            map(type, "hostAliases", "merge", "ip", "ip");
            map(type, "topologySpreadConstraints", "merge", "topologyKey", "topologyKey", "whenUnsatisfiable");
            map(type, "resourceClaims", "merge,retainKeys", "name", "name");
            map(type, "schedulingGates", "merge", "name", "name");
            atomic(type, "tolerations");
            atomic(type, "readinessGates");
        }
        // containers (regular and ephemeral share the field set)
        for (String type : List.of(CORE + "Container", CORE + "EphemeralContainer")) {
            map(type, "ports", "merge", "containerPort", "containerPort", "protocol");
            map(type, "env", "merge", "name", "name");
            map(type, "volumeMounts", "merge", "mountPath", "mountPath");
            map(type, "volumeDevices", "merge", "devicePath", "devicePath");
            atomic(type, "envFrom");
            atomic(type, "command");
            atomic(type, "args");
            atomic(type, "resizePolicy");
        }
        // conditions keyed by type
        for (String type : List.of(CORE + "PodStatus", CORE + "NodeStatus", CORE + "NamespaceStatus",
                CORE + "PersistentVolumeClaimStatus", CORE + "ReplicationControllerStatus",
                APPS + "DeploymentStatus", APPS + "DaemonSetStatus", APPS + "StatefulSetStatus",
                APPS + "ReplicaSetStatus", "io.k8s.api.policy.v1.PodDisruptionBudgetStatus",
                "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus")) {
            map(type, "conditions", "merge", "type", "type");
        }
        TABLE.computeIfAbsent("io.k8s.api.batch.v1.JobStatus", k -> new HashMap<>())
                .put("conditions", new Field("merge", "type", "atomic", List.of()));
        map(CORE + "PodStatus", "podIPs", "merge", "ip", "ip");
        map(CORE + "PodStatus", "resourceClaimStatuses", "merge,retainKeys", "name", "name");
        TABLE.computeIfAbsent(CORE + "PodStatus", k -> new HashMap<>())
                .put("hostIPs", new Field("merge", "ip", "atomic", List.of()));
        atomic(CORE + "PodStatus", "containerStatuses");
        atomic(CORE + "PodStatus", "initContainerStatuses");
        map(CORE + "NodeStatus", "addresses", "merge", "type", "type");
        map(CORE + "ServiceStatus", "conditions", "merge", "type", "type");
        atomic(CORE + "PodStatus", "ephemeralContainerStatuses");
        atomic(CORE + "NamespaceSpec", "finalizers");
        // list-map without a patch strategy: server-side apply merges them, strategic merge patch replaces
        for (String type : List.of(EXT + "CustomResourceDefinitionStatus",
                "io.k8s.api.certificates.v1.CertificateSigningRequestStatus")) {
            put(type, "conditions", new Field(null, null, "map", List.of("type")));
        }
        atomic(CORE + "NodeSpec", "taints");
        set(CORE + "NodeSpec", "podCIDRs", "merge", null, "set");
        // services
        map(CORE + "ServiceSpec", "ports", "merge", "port", "port", "protocol");
        atomic(CORE + "ServiceSpec", "clusterIPs");
        atomic(CORE + "ServiceSpec", "externalIPs");
        map(CORE + "ServiceAccount", "secrets", "merge", "name", "name");
        atomic(CORE + "ServiceAccount", "imagePullSecrets");
        // workloads: the rolling-update strategy drops stale keys when its type changes
        retainKeys(APPS + "DeploymentSpec", "strategy");
        retainKeys(APPS + "DaemonSetSpec", "updateStrategy");
        retainKeys(APPS + "StatefulSetSpec", "updateStrategy");
        atomic(APPS + "StatefulSetSpec", "volumeClaimTemplates");
        atomic(META + "LabelSelector", "matchExpressions");
    }

    private PatchMeta() {
    }

    /** The merge metadata of {@code field} in schema {@code schemaName}, if upstream declares any. */
    public static Optional<Field> lookup(String schemaName, String field) {
        return Optional.ofNullable(TABLE.getOrDefault(schemaName, Map.of()).get(field));
    }

    /** Every field with metadata in one schema, for generators. */
    public static Map<String, Field> fieldsOf(String schemaName) {
        return Map.copyOf(TABLE.getOrDefault(schemaName, Map.of()));
    }

    private static void map(String type, String field, String strategy, String mergeKey, String... keys) {
        put(type, field, new Field(strategy, mergeKey, "map", List.of(keys)));
    }

    private static void set(String type, String field, String strategy, String mergeKey, String listType) {
        put(type, field, new Field(strategy, mergeKey, listType, List.of()));
    }

    private static void atomic(String type, String field) {
        put(type, field, new Field(null, null, "atomic", List.of()));
    }

    private static void retainKeys(String type, String field) {
        put(type, field, new Field("retainKeys", null, null, List.of()));
    }

    private static void put(String type, String field, Field meta) {
        TABLE.computeIfAbsent(type, k -> new HashMap<>()).put(field, meta);
    }
}
