package io.k3j.auth.node;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The secrets a PersistentVolume hands to the kubelet that mounts it (upstream's kubelet-visible PV secrets): the
 * CSI node-side refs and the legacy plugins' secretRefs. A ref without a namespace means the bound claim's
 * namespace. Controller-side CSI secrets (controllerPublish, controllerExpand) are not the kubelet's and are left out.
 */
public final class PvReferences {

    private static final List<String> SECRET_REF_SOURCES = List.of("cephfs", "cinder", "flexVolume", "rbd", "scaleIO",
            "iscsi", "storageos");
    private static final List<String> CSI_NODE_REFS = List.of("nodePublishSecretRef", "nodeStageSecretRef",
            "nodeExpandSecretRef");

    private PvReferences() {
    }

    /** The claim the PV is bound to (spec.claimRef), or null when it is not bound. */
    public static ObjectRef claim(JsonNode pv) {
        JsonNode ref = pv.path("spec").path("claimRef");
        String name = ref.path("name").asText("");
        return name.isEmpty() ? null : new ObjectRef(ObjectRef.Kind.PVC, ref.path("namespace").asText(""), name);
    }

    /** Secrets (namespace, name) the kubelet may read for this PV. */
    public static Set<ObjectRef> secrets(JsonNode pv) {
        Set<ObjectRef> out = new LinkedHashSet<>();
        JsonNode spec = pv.path("spec");
        String claimNs = spec.path("claimRef").path("namespace").asText("");
        JsonNode azure = spec.path("azureFile");
        if (azure.has("secretName")) {
            add(out, azure.path("secretNamespace").asText(""), azure.path("secretName").asText(""), claimNs);
        }
        for (String source : SECRET_REF_SOURCES) {
            JsonNode ref = spec.path(source).path("secretRef");
            add(out, ref.path("namespace").asText(""), ref.path("name").asText(""), claimNs);
        }
        for (String field : CSI_NODE_REFS) {
            JsonNode ref = spec.path("csi").path(field);
            add(out, ref.path("namespace").asText(""), ref.path("name").asText(""), claimNs);
        }
        return out;
    }

    private static void add(Set<ObjectRef> out, String ns, String name, String defaultNs) {
        if (!name.isEmpty()) {
            out.add(new ObjectRef(ObjectRef.Kind.SECRET, ns.isEmpty() ? defaultNs : ns, name));
        }
    }
}
