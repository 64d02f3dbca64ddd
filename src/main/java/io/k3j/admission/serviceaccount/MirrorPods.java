package io.k3j.admission.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What a mirror pod may not reference: the kubelet creates it from a static pod manifest, with no API access of
 * its own, so upstream refuses one that names a ServiceAccount, any Secret, or a projected token or trust bundle.
 */
final class MirrorPods {

    /** Volume sources whose secretRef (or secretName) names a Secret, as upstream's VisitPodSecretNames lists them. */
    private static final List<String> SECRET_REF_VOLUMES = List.of("azureFile", "cephfs", "cinder", "flexVolume",
            "rbd", "iscsi", "scaleIO", "storageos");
    private static final List<String> CONTAINER_FIELDS = List.of("containers", "initContainers", "ephemeralContainers");

    private MirrorPods() {
    }

    /** The reason the mirror pod is refused, or null. */
    static String violation(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        if (!spec.path("serviceAccountName").asText("").isEmpty()) {
            return "a mirror pod may not reference service accounts";
        }
        if (referencesSecrets(spec)) {
            return "a mirror pod may not reference secrets";
        }
        for (JsonNode v : spec.path("volumes")) {
            for (JsonNode source : v.path("projected").path("sources")) {
                if (source.has("serviceAccountToken")) {
                    return "a mirror pod may not use ServiceAccountToken volume projections";
                }
                if (source.has("clusterTrustBundle")) {
                    return "a mirror pod may not use ClusterTrustBundle volume projections";
                }
            }
        }
        return null;
    }

    private static boolean referencesSecrets(JsonNode spec) {
        if (!spec.path("imagePullSecrets").isEmpty()) {
            return true;
        }
        for (String field : CONTAINER_FIELDS) {
            for (JsonNode c : spec.path(field)) {
                for (JsonNode from : c.path("envFrom")) {
                    if (from.has("secretRef")) {
                        return true;
                    }
                }
                for (JsonNode env : c.path("env")) {
                    if (env.path("valueFrom").has("secretKeyRef")) {
                        return true;
                    }
                }
            }
        }
        for (JsonNode v : spec.path("volumes")) {
            if (v.has("secret") || v.path("csi").has("nodePublishSecretRef")) {
                return true;
            }
            for (String source : SECRET_REF_VOLUMES) {
                if (v.path(source).has("secretRef") || v.path(source).has("secretName")) {
                    return true;
                }
            }
            for (JsonNode p : v.path("projected").path("sources")) {
                if (p.has("secret")) {
                    return true;
                }
            }
        }
        return false;
    }
}
