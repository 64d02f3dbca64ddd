package io.k3j.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.quota.Quantity;

import java.util.List;
import java.util.Map;

/**
 * A parsed PersistentVolume: the fields binding looks at, plus the object itself for writing back (never modified;
 * copy it first).
 */
public record PersistentVolume(ObjectNode object, String name, String uid, String resourceVersion, ClaimRef claimRef,
                               Quantity capacity, List<String> accessModes, String volumeMode, String className,
                               Map<String, String> labels, Map<String, String> annotations, String phase,
                               boolean deleting, String reclaimPolicy, VolumeNodeAffinity nodeAffinity) {

    public static final String AVAILABLE = "Available";
    public static final String BOUND = "Bound";
    public static final String RELEASED = "Released";
    public static final String FAILED = "Failed";
    public static final String PENDING = "Pending";

    public static PersistentVolume of(ObjectNode pv) {
        JsonNode meta = pv.path("metadata");
        JsonNode spec = pv.path("spec");
        Map<String, String> annotations = Json.strings(meta.path("annotations"));
        String mode = Json.text(spec.path("volumeMode"));
        return new PersistentVolume(pv, Json.text(meta.path("name")), Json.text(meta.path("uid")),
                Json.text(meta.path("resourceVersion")), ClaimRef.of(pv), Json.quantity(spec.path("capacity").path("storage")),
                Json.list(spec.path("accessModes")), mode.isEmpty() ? "Filesystem" : mode, className(annotations, spec),
                Json.strings(meta.path("labels")), annotations, Json.text(pv.path("status").path("phase")),
                meta.hasNonNull("deletionTimestamp"), Json.text(spec.path("persistentVolumeReclaimPolicy")),
                VolumeNodeAffinity.of(pv));
    }

    /** Upstream's GetPersistentVolumeClass: the beta annotation wins, then spec.storageClassName, else "". */
    static String className(Map<String, String> annotations, JsonNode spec) {
        String beta = annotations.get(VolumeAnnotations.BETA_STORAGE_CLASS);
        return beta != null ? beta : Json.text(spec.path("storageClassName"));
    }

    public boolean hasAnnotation(String key) {
        return annotations.containsKey(key);
    }

    /** Upstream's IsVolumeBoundToClaim: claimRef names the claim, and its uid is unset or the claim's. */
    public boolean isBoundTo(Claim claim) {
        return claimRef != null && claimRef.name().equals(claim.name()) && claimRef.namespace().equals(claim.namespace())
                && (claimRef.uid().isEmpty() || claimRef.uid().equals(claim.uid()));
    }
}
