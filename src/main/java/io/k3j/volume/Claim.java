package io.k3j.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.quota.Quantity;

import java.util.List;
import java.util.Map;

/** A parsed PersistentVolumeClaim: what binding reads, plus the object itself (never modified; copy it first). */
public record Claim(ObjectNode object, String namespace, String name, String uid, String resourceVersion,
                    String className, boolean hasClass, Quantity request, List<String> accessModes, String volumeMode,
                    JsonNode selector, String volumeName, Map<String, String> annotations, String phase,
                    boolean deleting) {

    public static final String PENDING = "Pending";
    public static final String BOUND = "Bound";
    public static final String LOST = "Lost";

    public static Claim of(ObjectNode pvc) {
        JsonNode meta = pvc.path("metadata");
        JsonNode spec = pvc.path("spec");
        Map<String, String> annotations = Json.strings(meta.path("annotations"));
        String mode = Json.text(spec.path("volumeMode"));
        boolean hasClass = annotations.containsKey(VolumeAnnotations.BETA_STORAGE_CLASS) || spec.hasNonNull("storageClassName");
        return new Claim(pvc, Json.text(meta.path("namespace")), Json.text(meta.path("name")), Json.text(meta.path("uid")),
                Json.text(meta.path("resourceVersion")), PersistentVolume.className(annotations, spec), hasClass,
                Json.quantity(spec.path("resources").path("requests").path("storage")), Json.list(spec.path("accessModes")),
                mode.isEmpty() ? "Filesystem" : mode, spec.path("selector"), Json.text(spec.path("volumeName")),
                annotations, Json.text(pvc.path("status").path("phase")), meta.hasNonNull("deletionTimestamp"));
    }

    /** "namespace/name". */
    public String key() {
        return namespace + "/" + name;
    }

    public boolean hasAnnotation(String key) {
        return annotations.containsKey(key);
    }

    /** Bound by the binder: bind-completed set (upstream syncs such claims as bound). */
    public boolean bindCompleted() {
        return annotations.containsKey(VolumeAnnotations.BIND_COMPLETED);
    }

    /** Upstream's isPVCFullyBound: a volume name and bind-completed. */
    public boolean fullyBound() {
        return !volumeName.isEmpty() && bindCompleted();
    }

    /** The scheduler picked a node for provisioning (upstream's IsDelayBindingProvisioning). */
    public boolean hasSelectedNode() {
        return annotations.containsKey(VolumeAnnotations.SELECTED_NODE);
    }
}
