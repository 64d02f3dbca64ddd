package io.k3j.apiserver.openapi;

import java.util.List;
import java.util.Map;

/**
 * Required properties as upstream's OpenAPI lists them. fabric8 does not carry Go's required markers
 * ({@code @JsonProperty(required)} is never set), so the generator takes them from this table; it is used by
 * {@code kubectl explain} (shown as "-required-") and by server-side validation.
 */
final class RequiredFields {

    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String META = SchemaNames.META;
    private static final String APPS = "io.k8s.api.apps.v1.";
    private static final String RBAC = "io.k8s.api.rbac.v1.";
    private static final String EXT = SchemaNames.APIEXTENSIONS;

    private static final Map<String, List<String>> TABLE = Map.ofEntries(
            Map.entry(CORE + "Container", List.of("name")),
            Map.entry(CORE + "EphemeralContainer", List.of("name")),
            Map.entry(CORE + "PodSpec", List.of("containers")),
            Map.entry(CORE + "ContainerPort", List.of("containerPort")),
            Map.entry(CORE + "EnvVar", List.of("name")),
            Map.entry(CORE + "VolumeMount", List.of("name", "mountPath")),
            Map.entry(CORE + "VolumeDevice", List.of("name", "devicePath")),
            Map.entry(CORE + "Volume", List.of("name")),
            Map.entry(CORE + "KeyToPath", List.of("key", "path")),
            Map.entry(CORE + "ConfigMapKeySelector", List.of("key")),
            Map.entry(CORE + "SecretKeySelector", List.of("key")),
            Map.entry(CORE + "ObjectFieldSelector", List.of("fieldPath")),
            Map.entry(CORE + "ResourceFieldSelector", List.of("resource")),
            Map.entry(CORE + "HTTPGetAction", List.of("port")),
            Map.entry(CORE + "TCPSocketAction", List.of("port")),
            Map.entry(CORE + "ServicePort", List.of("port")),
            Map.entry(CORE + "Taint", List.of("key", "effect")),
            Map.entry(CORE + "NodeSelector", List.of("nodeSelectorTerms")),
            Map.entry(CORE + "NodeSelectorRequirement", List.of("key", "operator")),
            Map.entry(CORE + "PodAffinityTerm", List.of("topologyKey")),
            Map.entry(CORE + "WeightedPodAffinityTerm", List.of("weight", "podAffinityTerm")),
            Map.entry(CORE + "PreferredSchedulingTerm", List.of("weight", "preference")),
            Map.entry(CORE + "TopologySpreadConstraint", List.of("maxSkew", "topologyKey", "whenUnsatisfiable")),
            Map.entry(CORE + "PodCondition", List.of("type", "status")),
            Map.entry(CORE + "NodeCondition", List.of("type", "status")),
            Map.entry(CORE + "NodeAddress", List.of("type", "address")),
            Map.entry(CORE + "Binding", List.of("target")),
            Map.entry(CORE + "Event", List.of("metadata", "involvedObject")),
            Map.entry(META + "OwnerReference", List.of("apiVersion", "kind", "name", "uid")),
            Map.entry(META + "LabelSelectorRequirement", List.of("key", "operator")),
            Map.entry(META + "Condition", List.of("type", "status", "lastTransitionTime", "reason", "message")),
            Map.entry(META + "WatchEvent", List.of("type", "object")),
            Map.entry(APPS + "DeploymentSpec", List.of("selector", "template")),
            Map.entry(APPS + "ReplicaSetSpec", List.of("selector")),
            Map.entry(APPS + "StatefulSetSpec", List.of("selector", "template")),
            Map.entry(APPS + "DaemonSetSpec", List.of("selector", "template")),
            Map.entry(APPS + "ControllerRevision", List.of("revision")),
            Map.entry("io.k8s.api.batch.v1.JobSpec", List.of("template")),
            Map.entry("io.k8s.api.batch.v1.CronJobSpec", List.of("schedule", "jobTemplate")),
            Map.entry("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", List.of("scaleTargetRef", "maxReplicas")),
            Map.entry("io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec", List.of("scaleTargetRef", "maxReplicas")),
            Map.entry("io.k8s.api.autoscaling.v1.CrossVersionObjectReference", List.of("kind", "name")),
            Map.entry("io.k8s.api.autoscaling.v2.CrossVersionObjectReference", List.of("kind", "name")),
            Map.entry(RBAC + "PolicyRule", List.of("verbs")),
            Map.entry(RBAC + "RoleRef", List.of("apiGroup", "kind", "name")),
            Map.entry(RBAC + "Subject", List.of("kind", "name")),
            Map.entry(RBAC + "RoleBinding", List.of("roleRef")),
            Map.entry(RBAC + "ClusterRoleBinding", List.of("roleRef")),
            Map.entry("io.k8s.api.networking.v1.HTTPIngressPath", List.of("pathType", "backend")),
            Map.entry("io.k8s.api.networking.v1.HTTPIngressRuleValue", List.of("paths")),
            Map.entry("io.k8s.api.discovery.v1.EndpointSlice", List.of("addressType", "endpoints")),
            Map.entry("io.k8s.api.discovery.v1.Endpoint", List.of("addresses")),
            Map.entry("io.k8s.api.storage.v1.StorageClass", List.of("provisioner")),
            Map.entry("io.k8s.api.storage.v1.VolumeAttachmentSpec", List.of("attacher", "source", "nodeName")),
            Map.entry("io.k8s.api.scheduling.v1.PriorityClass", List.of("value")),
            Map.entry("io.k8s.api.node.v1.RuntimeClass", List.of("handler")),
            Map.entry("io.k8s.api.certificates.v1.CertificateSigningRequest", List.of("spec")),
            Map.entry("io.k8s.api.certificates.v1.CertificateSigningRequestSpec", List.of("request", "signerName")),
            Map.entry("io.k8s.api.authorization.v1.SubjectAccessReview", List.of("spec")),
            Map.entry("io.k8s.api.authorization.v1.SelfSubjectAccessReview", List.of("spec")),
            Map.entry("io.k8s.api.authorization.v1.LocalSubjectAccessReview", List.of("spec")),
            Map.entry("io.k8s.api.authorization.v1.SelfSubjectRulesReview", List.of("spec")),
            Map.entry("io.k8s.api.authentication.v1.TokenReview", List.of("spec")),
            Map.entry("io.k8s.api.authentication.v1.TokenRequest", List.of("spec")),
            Map.entry("io.k8s.api.policy.v1.Eviction", List.of()),
            Map.entry(EXT + "CustomResourceDefinition", List.of("spec")),
            Map.entry(EXT + "CustomResourceDefinitionSpec", List.of("group", "names", "scope", "versions")),
            Map.entry(EXT + "CustomResourceDefinitionNames", List.of("plural", "kind")),
            Map.entry(EXT + "CustomResourceDefinitionVersion", List.of("name", "served", "storage")));

    private RequiredFields() {
    }

    static List<String> of(String schemaName) {
        return TABLE.getOrDefault(schemaName, List.of());
    }
}
