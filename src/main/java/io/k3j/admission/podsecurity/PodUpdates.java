package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * Whether a pod update can change its security posture. Almost all of a pod's spec is immutable; what an update
 * may change that the policy reads is the images and the containers' seccomp annotations, and ephemeral containers
 * may be added. Updates touching none of these (labels, status-like metadata, tolerations, resizes) are admitted without
 * evaluation, as upstream's isSignificantPodUpdate, so a namespace made stricter never blocks relabelling old pods.
 */
final class PodUpdates {

    private PodUpdates() {
    }

    static boolean significant(JsonNode pod, JsonNode oldPod) {
        JsonNode ann = PodFields.at(pod, "metadata", "annotations");
        JsonNode oldAnn = PodFields.at(oldPod, "metadata", "annotations");
        for (String list : new String[]{"containers", "initContainers"}) {
            JsonNode cs = PodFields.at(pod, "spec", list);
            JsonNode old = PodFields.at(oldPod, "spec", list);
            if (size(cs) != size(old)) {
                return true;
            }
            for (int i = 0; i < size(cs); i++) {
                if (significantContainer(cs.get(i), old.get(i), ann, oldAnn)) {
                    return true;
                }
            }
        }
        JsonNode eph = PodFields.at(pod, "spec", "ephemeralContainers");
        JsonNode oldEph = PodFields.at(oldPod, "spec", "ephemeralContainers");
        for (int i = 0; i < size(eph); i++) {
            JsonNode c = eph.get(i);
            JsonNode before = null;
            for (int j = 0; j < size(oldEph); j++) {
                if (PodFields.name(oldEph.get(j)).equals(PodFields.name(c))) {
                    before = oldEph.get(j);
                    break;
                }
            }
            if (before == null || significantContainer(c, before, ann, oldAnn)) {
                return true;
            }
        }
        return false;
    }

    private static boolean significantContainer(JsonNode c, JsonNode old, JsonNode ann, JsonNode oldAnn) {
        if (!BaselineChecks.nullToEmpty(PodFields.text(c, "image")).equals(BaselineChecks.nullToEmpty(PodFields.text(old, "image")))) {
            return true;
        }
        String key = BaselineChecks.SECCOMP_CONTAINER_ANNOTATION_PREFIX + PodFields.name(c);
        return !Objects.equals(text(ann, key), text(oldAnn, key));
    }

    /** A missing annotation reads as "" in Go's map lookup, so absent and empty are the same. */
    private static String text(JsonNode annotations, String key) {
        String v = PodFields.text(annotations, key);
        return v == null ? "" : v;
    }

    private static int size(JsonNode list) {
        return list == null || !list.isArray() ? 0 : list.size();
    }
}
