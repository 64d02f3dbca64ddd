package io.k3j.api.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;

/**
 * JSON names of proto fields. go-to-protobuf names each proto field after its Go {@code json} tag, so the proto
 * name is the JSON name, except where the tag is not a valid proto identifier: JSONSchemaProps' {@code $ref},
 * {@code $schema} and {@code x-kubernetes-*}. (The descriptors' json_name is protoc's camel-casing of the field
 * name, which equals the field name here and says nothing about those exceptions.)
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

    private JsonNames() {
    }

    static boolean inline(Descriptor owner, FieldDescriptor f) {
        return INLINE.contains(owner.getFullName() + "." + f.getName());
    }

    /** For the test that every entry still names a field. */
    static java.util.Set<String> inlineFields() {
        return INLINE;
    }

    static String of(Descriptor owner, FieldDescriptor f) {
        if (owner.getFullName().equals(SCHEMA)) {
            return SCHEMA_PROPS.getOrDefault(f.getName(), f.getName());
        }
        return f.getName();
    }
}
