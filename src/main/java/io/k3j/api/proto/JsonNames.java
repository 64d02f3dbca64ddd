package io.k3j.api.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;

/**
 * JSON names of proto fields. The proto field name is the JSON name almost everywhere; the exceptions are
 * JSONSchemaProps' {@code $ref}, {@code $schema} and {@code x-kubernetes-*} (not proto identifiers) and a few
 * fields whose proto name kept Go's casing. The descriptors' json_name is only protoc's camel-casing of the
 * field name, so it says nothing about either and is not used.
 */
final class JsonNames {

    private static final String SCHEMA = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps";

    private static final Map<String, String> SCHEMA_PROPS = Map.of(
            "ref", "$ref",
            "schema", "$schema",
            "xKubernetesPreserveUnknownFields", "x-kubernetes-preserve-unknown-fields",
            "xKubernetesEmbeddedResource", "x-kubernetes-embedded-resource",
            "xKubernetesIntOrString", "x-kubernetes-int-or-string",
            "xKubernetesListMapKeys", "x-kubernetes-list-map-keys",
            "xKubernetesListType", "x-kubernetes-list-type",
            "xKubernetesMapType", "x-kubernetes-map-type",
            "xKubernetesValidations", "x-kubernetes-validations");

    /**
     * Embedded Go structs tagged {@code json:",inline"}: proto has them as a field named after the type, JSON
     * spreads their fields into the parent ({@code volumes[].configMap}, not {@code volumes[].volumeSource.configMap}).
     */
    private static final java.util.Set<String> INLINE = java.util.Set.of(
            "k8s.io.api.core.v1.Volume.volumeSource",
            "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource",
            "k8s.io.api.core.v1.EphemeralContainer.ephemeralContainerCommon",
            "k8s.io.api.core.v1.Probe.handler",
            "k8s.io.api.core.v1.ConfigMapEnvSource.localObjectReference",
            "k8s.io.api.core.v1.ConfigMapKeySelector.localObjectReference",
            "k8s.io.api.core.v1.ConfigMapProjection.localObjectReference",
            "k8s.io.api.core.v1.ConfigMapVolumeSource.localObjectReference",
            "k8s.io.api.core.v1.SecretEnvSource.localObjectReference",
            "k8s.io.api.core.v1.SecretKeySelector.localObjectReference",
            "k8s.io.api.core.v1.SecretProjection.localObjectReference",
            "k8s.io.api.networking.v1.IngressRule.ingressRuleValue",
            "k8s.io.api.admissionregistration.v1.NamedRuleWithOperations.ruleWithOperations",
            "k8s.io.api.admissionregistration.v1.RuleWithOperations.rule");

    /**
     * Fields the descriptors know but Kubernetes 1.33 does not (client-java-proto 27.0.0 is generated from a later
     * release). kube-apiserver 1.33 drops them like any unknown field, so the decoder does too. Found by
     * GoZeroValuesTest, where kubectl 1.33 decodes a message with every field set.
     */
    private static final java.util.Set<String> NOT_IN_1_33 = java.util.Set.of(
            "k8s.io.api.core.v1.EnvVarSource.fileKeyRef",
            "k8s.io.api.core.v1.Container.restartPolicyRules",
            "k8s.io.api.core.v1.EphemeralContainerCommon.restartPolicyRules",
            "k8s.io.api.core.v1.PodSpec.schedulingGroup",
            "k8s.io.api.core.v1.VolumeProjection.podCertificate",
            "k8s.io.api.core.v1.NodeStatus.declaredFeatures",
            "k8s.io.api.core.v1.PodStatus.allocatedResources",
            "k8s.io.api.core.v1.PodStatus.resources",
            "k8s.io.api.core.v1.PodStatus.extendedResourceClaimStatus",
            "k8s.io.api.core.v1.PodStatus.nodeAllocatableResourceClaimStatuses",
            "k8s.io.api.core.v1.VolumeMountStatus.volumeStatus",
            "k8s.io.apimachinery.pkg.apis.meta.v1.ListMeta.shardInfo");

    private JsonNames() {
    }

    static boolean notIn133(Descriptor owner, FieldDescriptor f) {
        return NOT_IN_1_33.contains(owner.getFullName() + "." + f.getName());
    }

    static java.util.Set<String> notIn133Fields() {
        return NOT_IN_1_33;
    }

    static boolean inline(Descriptor owner, FieldDescriptor f) {
        return INLINE.contains(owner.getFullName() + "." + f.getName());
    }

    /** For the test that every entry still names a field. */
    static java.util.Set<String> inlineFields() {
        return INLINE;
    }

    /**
     * Proto names that kept the Go field's casing when the protobuf tag was first generated ({@code name=uID}
     * for {@code json:"uid"}); found by JsonNamesTest, which walks every built-in kind against fabric8's JSON names.
     */
    private static final Map<String, String> RENAMED = Map.of(
            "k8s.io.api.authentication.v1.BoundObjectReference.uID", "uid",
            "k8s.io.api.networking.v1.IngressClassParametersReference.aPIGroup", "apiGroup",
            "k8s.io.api.admissionregistration.v1.MutatingWebhookConfiguration.Webhooks", "webhooks",
            "k8s.io.api.admissionregistration.v1.ValidatingWebhookConfiguration.Webhooks", "webhooks",
            "k8s.io.api.admissionregistration.v1.Validation.Expression", "expression",
            "k8s.io.api.admissionregistration.v1.Variable.Name", "name",
            "k8s.io.api.admissionregistration.v1.Variable.Expression", "expression");

    static String of(Descriptor owner, FieldDescriptor f) {
        if (owner.getFullName().equals(SCHEMA)) {
            return SCHEMA_PROPS.getOrDefault(f.getName(), f.getName());
        }
        String renamed = RENAMED.get(owner.getFullName() + "." + f.getName());
        return renamed != null ? renamed : f.getName();
    }
}
