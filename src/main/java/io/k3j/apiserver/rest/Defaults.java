package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;

/** Server-side defaults that clients rely on, per kind. Grows with the controllers that need them. */
final class Defaults {

    private Defaults() {
    }

    static void apply(ResourceDescriptor d, ObjectNode obj) {
        WorkloadDefaults.apply(d, obj);
        StorageDefaults.apply(d, obj);
        if (d.group().isEmpty() && d.resource().equals("secrets") && !obj.hasNonNull("type")) {
            obj.put("type", "Opaque");
        }
        if (d.group().isEmpty() && d.resource().equals("namespaces")) {
            ObjectNode spec = obj.has("spec") && obj.get("spec").isObject() ? (ObjectNode) obj.get("spec") : obj.putObject("spec");
            if (!spec.has("finalizers")) {
                spec.putArray("finalizers").add("kubernetes");
            }
            obj.putObject("status").put("phase", "Active");
            ObjectNode labels = ObjectMetaRules.meta(obj).has("labels")
                    ? (ObjectNode) ObjectMetaRules.meta(obj).get("labels") : ObjectMetaRules.meta(obj).putObject("labels");
            labels.put("kubernetes.io/metadata.name", ObjectMetaRules.meta(obj).path("name").asText());
        }
    }
}
