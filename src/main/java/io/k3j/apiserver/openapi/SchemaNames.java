package io.k3j.apiserver.openapi;

import java.util.Map;
import java.util.Set;

/**
 * Maps fabric8 model classes to the schema names kube-apiserver uses ({@code io.k8s.api.core.v1.Pod}). fabric8
 * flattens several Go packages into {@code io.fabric8.kubernetes.api.model}; the meta/v1, resource, intstr and
 * kube-aggregator types found there are listed explicitly.
 */
public final class SchemaNames {

    public static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    public static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    public static final String TIME = META + "Time";
    public static final String MICRO_TIME = META + "MicroTime";
    public static final String FIELDS_V1 = META + "FieldsV1";
    public static final String PATCH = META + "Patch";
    public static final String APIEXTENSIONS = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.";
    public static final String JSON = APIEXTENSIONS + "JSON";

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";

    /** Simple names in fabric8's core package that are really apimachinery meta/v1 types. */
    private static final Set<String> META_TYPES = Set.of(
            "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition",
            "CreateOptions", "DeleteOptions", "Duration", "FieldSelectorRequirement", "FieldsV1", "GetOptions",
            "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ListOptions",
            "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference", "PartialObjectMetadata",
            "PartialObjectMetadataList", "Patch", "PatchOptions", "Preconditions", "RootPaths",
            "ServerAddressByClientCIDR", "Status", "StatusCause", "StatusDetails", "Table",
            "TableColumnDefinition", "TableRow", "TypeMeta", "UpdateOptions", "WatchEvent");

    /** fabric8's core package also hosts apiregistration.k8s.io/v1. */
    private static final Set<String> AGGREGATOR_TYPES = Set.of(
            "APIService", "APIServiceCondition", "APIServiceList", "APIServiceSpec", "APIServiceStatus",
            "ServiceReference");

    private static final Map<String, String> SPECIAL = Map.of(
            "Quantity", QUANTITY, "IntOrString", INT_OR_STRING);

    /** fabric8 sub-packages without a version segment, and packages whose upstream prefix is not io.k8s.api. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("apps", "io.k8s.api.apps.v1"),
            Map.entry("rbac", "io.k8s.api.rbac.v1"),
            Map.entry("storage", "io.k8s.api.storage.v1"),
            Map.entry("authentication", "io.k8s.api.authentication.v1"),
            Map.entry("runtime", "io.k8s.apimachinery.pkg.runtime"),
            Map.entry("version", "io.k8s.apimachinery.pkg.version"),
            Map.entry("apiextensions.v1", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1"));

    private SchemaNames() {
    }

    public static String of(Class<?> type) {
        String simple = type.getSimpleName();
        String pkg = type.getPackageName();
        if (pkg.equals(FABRIC8)) {
            if (SPECIAL.containsKey(simple)) {
                return SPECIAL.get(simple);
            }
            if (META_TYPES.contains(simple)) {
                return META + simple;
            }
            if (AGGREGATOR_TYPES.contains(simple)) {
                return "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1." + simple;
            }
            return "io.k8s.api.core.v1." + simple;
        }
        if (!pkg.startsWith(FABRIC8 + ".")) {
            throw new IllegalArgumentException("not a fabric8 model class: " + type.getName());
        }
        String sub = pkg.substring(FABRIC8.length() + 1);
        String prefix = PACKAGES.getOrDefault(sub, "io.k8s.api." + sub);
        return prefix + "." + simple;
    }
}
