package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.Operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * PersistentVolumeClaims: {@code persistentvolumeclaims}, {@code count/persistentvolumeclaims},
 * {@code requests.storage} (whole bytes, the larger of the request and the allocated size), and per storage class
 * {@code <class>.storageclass.storage.k8s.io/persistentvolumeclaims|requests.storage}. Charged on create and update
 * (a resize), and on a status write that changes the allocated size.
 */
public final class PvcEvaluator implements Evaluator {

    static final String COUNT = Evaluator.countName("", "persistentvolumeclaims");
    static final String CLAIMS = "persistentvolumeclaims";
    static final String STORAGE = "requests.storage";
    /** {@code gold.storageclass.storage.k8s.io/requests.storage}. */
    public static final String CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
    private static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    @Override
    public String group() {
        return "";
    }

    @Override
    public String resource() {
        return "persistentvolumeclaims";
    }

    @Override
    public boolean handles(Operation operation, String subresource, JsonNode object, JsonNode oldObject) {
        return switch (subresource) {
            case "" -> operation == Operation.CREATE || operation == Operation.UPDATE;
            case "status" -> operation == Operation.UPDATE && object != null && oldObject != null
                    && allocatedChanged(oldObject, object);
            default -> false;
        };
    }

    /** Whether the allocated storage differs: quota must be recharged or replenished. */
    public static boolean allocatedChanged(JsonNode oldPvc, JsonNode pvc) {
        return !Objects.equals(allocated(oldPvc), allocated(pvc));
    }

    @Override
    public List<String> matchingResources(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals(COUNT) || n.equals(CLAIMS) || n.equals(STORAGE)
                    || n.endsWith(CLASS_SUFFIX + CLAIMS) || n.endsWith(CLASS_SUFFIX + STORAGE)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public ResourceList usage(JsonNode pvc, Instant now) {
        ResourceList r = ResourceList.EMPTY.with(CLAIMS, Quantity.ONE).with(COUNT, Quantity.ONE);
        String cls = storageClass(pvc);
        if (!cls.isEmpty()) {
            r = r.with(cls + CLASS_SUFFIX + CLAIMS, Quantity.ONE);
        }
        Quantity storage = storage(pvc);
        if (storage != null) {
            r = r.with(STORAGE, storage);
            if (!cls.isEmpty()) {
                r = r.with(cls + CLASS_SUFFIX + STORAGE, storage);
            }
        }
        return r;
    }

    /** The beta annotation wins over spec.storageClassName, as upstream's GetPersistentVolumeClaimClass. */
    static String storageClass(JsonNode pvc) {
        JsonNode ann = pvc.path("metadata").path("annotations").path(BETA_CLASS_ANNOTATION);
        if (ann.isTextual()) {
            return ann.asText();
        }
        return pvc.path("spec").path("storageClassName").asText("");
    }

    private static Quantity storage(JsonNode pvc) {
        Quantity requested = Quantity.parseOrNull(pvc.path("spec").path("resources").path("requests").path("storage").asText(null));
        if (requested == null) {
            return null;
        }
        Quantity result = requested.roundUp();
        Quantity alloc = allocated(pvc);
        if (alloc != null && alloc.compareTo(result) > 0) {
            result = alloc.roundUp();
        }
        return result;
    }

    private static Quantity allocated(JsonNode pvc) {
        return Quantity.parseOrNull(pvc.path("status").path("allocatedResources").path("storage").asText(null));
    }
}
