package io.k3j.admission.noderestriction;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionRequest;
import io.k3j.auth.node.PodReferences;
import io.vertx.core.Future;

import java.util.List;

/**
 * A node may create only mirror pods of its static pods: annotated as mirrors, bound to itself, owned (as
 * controller, without blockOwnerDeletion) by its own Node object, and naming no ServiceAccount, Secret,
 * ConfigMap, ClusterTrustBundle or PersistentVolumeClaim (a pod bound to a node opens those objects to the node,
 * so a node must not be able to grant itself access by writing a pod). Checks and texts in upstream's order.
 */
final class MirrorPodCheck {

    private MirrorPodCheck() {
    }

    /** @param nodeObject the requesting node's Node as stored, or null when there is none */
    static Future<Void> check(String node, JsonNode nodeObject, AdmissionRequest r) {
        JsonNode pod = r.object();
        if (!PodReferences.isMirror(pod)) {
            return NodeRestrictionPlugin.deny(r, "pod does not have \"" + PodReferences.MIRROR_ANNOTATION
                    + "\" annotation, node \"" + node + "\" can only create mirror pods");
        }
        if (!NodeRestrictionPlugin.boundTo(node, pod)) {
            return NodeRestrictionPlugin.deny(r, "node \"" + node + "\" can only create pods with spec.nodeName set to itself");
        }
        JsonNode owners = pod.path("metadata").path("ownerReferences");
        if (owners.size() > 1) {
            return NodeRestrictionPlugin.deny(r, "node \"" + node
                    + "\" can only create pods with a single owner reference set to itself");
        }
        if (owners.isEmpty()) {
            return NodeRestrictionPlugin.deny(r, "node \"" + node + "\" can only create pods with an owner reference set to itself");
        }
        JsonNode owner = owners.get(0);
        if (!"v1".equals(owner.path("apiVersion").asText()) || !"Node".equals(owner.path("kind").asText())
                || !node.equals(owner.path("name").asText())) {
            return NodeRestrictionPlugin.deny(r, "node \"" + node + "\" can only create pods with an owner reference set to itself");
        }
        if (!owner.path("controller").asBoolean(false)) {
            return NodeRestrictionPlugin.deny(r, "node \"" + node
                    + "\" can only create pods with a controller owner reference set to itself");
        }
        if (owner.path("blockOwnerDeletion").asBoolean(false)) {
            return NodeRestrictionPlugin.deny(r, "node \"" + node + "\" must not set blockOwnerDeletion on an owner reference");
        }
        if (nodeObject == null) {
            return Future.failedFuture(new AdmissionDenied(404, "NotFound", "nodes \"" + node + "\" not found", List.of()));
        }
        String uid = nodeObject.path("metadata").path("uid").asText("");
        String ownerUid = owner.path("uid").asText("");
        if (!ownerUid.equals(uid)) {
            return NodeRestrictionPlugin.deny(r, "node " + node + " UID mismatch: expected " + ownerUid + " got " + uid);
        }
        return references(node, pod, r);
    }

    private static Future<Void> references(String node, JsonNode pod, AdmissionRequest r) {
        String prefix = "node \"" + node + "\" can not create pods that reference ";
        if (!pod.path("spec").path("serviceAccountName").asText("").isEmpty()) {
            return NodeRestrictionPlugin.deny(r, prefix + "a service account");
        }
        if (!PodReferences.secretNames(pod).isEmpty()) {
            return NodeRestrictionPlugin.deny(r, prefix + "secrets");
        }
        if (!PodReferences.configMapNames(pod).isEmpty()) {
            return NodeRestrictionPlugin.deny(r, prefix + "configmaps");
        }
        for (JsonNode v : pod.path("spec").path("volumes")) {
            for (JsonNode src : v.path("projected").path("sources")) {
                if (src.has("clusterTrustBundle")) {
                    return NodeRestrictionPlugin.deny(r, prefix + "clustertrustbundles");
                }
            }
        }
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (v.has("persistentVolumeClaim")) {
                return NodeRestrictionPlugin.deny(r, prefix + "persistentvolumeclaims");
            }
        }
        return Future.succeededFuture();
    }
}
