package io.k3j.controller.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeClient;
import io.k3j.client.WriteOptions;
import io.k3j.controller.EventRecorder;
import io.k3j.volume.Claim;
import io.k3j.volume.PersistentVolume;
import io.k3j.volume.StorageClasses;
import io.k3j.volume.VolumeAnnotations;
import io.vertx.core.Future;

import java.util.Collection;

/**
 * The binder's writes, each as upstream makes it: a write only when something changes, full-object updates
 * (conditional on resourceVersion, so a stale view loses the compare-and-swap instead of clobbering), status through
 * the status subresource, and every answer remembered so the next sync reads it. Events that belong to a phase
 * change are recorded only when the phase actually changes.
 */
final class BindingWrites {

    static final GroupVersionResource PVS = new GroupVersionResource("", "v1", "persistentvolumes");
    static final GroupVersionResource PVCS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    private static final WriteOptions MANAGER = WriteOptions.manager("kube-controller-manager");

    private final KubeClient client;
    private final EventRecorder events;
    private final LatestObjects volumes;
    private final LatestObjects claims;

    BindingWrites(KubeClient client, EventRecorder events, LatestObjects volumes, LatestObjects claims) {
        this.client = client;
        this.events = events;
        this.volumes = volumes;
        this.claims = claims;
    }

    EventRecorder events() {
        return events;
    }

    /** Both sides, volume first (upstream's bind): claimRef, volume Bound, claim's volumeName, claim Bound. */
    Future<Void> bind(PersistentVolume volume, Claim claim) {
        return bindVolumeToClaim(volume, claim)
                .compose(v -> updateVolumePhase(v, PersistentVolume.BOUND, ""))
                .compose(v -> bindClaimToVolume(claim, v).compose(c -> updateClaimStatus(c, Claim.BOUND, v)))
                .mapEmpty();
    }

    /** Upstream's GetBindVolumeToClaim + update: claimRef with the claim's uid and resourceVersion. */
    Future<PersistentVolume> bindVolumeToClaim(PersistentVolume volume, Claim claim) {
        boolean setBoundByController = !volume.isBoundTo(claim);
        ObjectNode clone = volume.object().deepCopy();
        boolean dirty = false;
        if (volume.claimRef() == null || !volume.claimRef().name().equals(claim.name())
                || !volume.claimRef().namespace().equals(claim.namespace()) || !volume.claimRef().uid().equals(claim.uid())) {
            ObjectNode ref = spec(clone).putObject("claimRef");
            ref.put("kind", "PersistentVolumeClaim").put("namespace", claim.namespace()).put("name", claim.name())
                    .put("uid", claim.uid()).put("apiVersion", "v1").put("resourceVersion", claim.resourceVersion());
            dirty = true;
        }
        if (setBoundByController && !volume.hasAnnotation(VolumeAnnotations.BOUND_BY_CONTROLLER)) {
            annotations(clone).put(VolumeAnnotations.BOUND_BY_CONTROLLER, "yes");
            dirty = true;
        }
        if (!dirty) {
            return Future.succeededFuture(volume);
        }
        return client.update(PVS, "", clone, MANAGER).map(o -> PersistentVolume.of(volumes.remember(o)));
    }

    Future<PersistentVolume> updateVolumePhase(PersistentVolume volume, String phase, String message) {
        if (phase.equals(volume.phase())) {
            return Future.succeededFuture(volume);
        }
        ObjectNode clone = volume.object().deepCopy();
        ObjectNode status = status(clone).put("phase", phase);
        if (message.isEmpty()) {
            status.remove("message");
        } else {
            status.put("message", message);
        }
        return client.updateStatus(PVS, "", clone, MANAGER).map(o -> PersistentVolume.of(volumes.remember(o)));
    }

    Future<PersistentVolume> updateVolumePhaseWithEvent(PersistentVolume volume, String phase, String type, String reason,
                                                        String message) {
        if (phase.equals(volume.phase())) {
            return Future.succeededFuture(volume);
        }
        return updateVolumePhase(volume, phase, message).onSuccess(v -> events.record(v.object(), type, reason, message));
    }

    /** Upstream's unbindVolume: a controller binding is undone; a user's pre-binding only loses its uid. */
    Future<PersistentVolume> unbindVolume(PersistentVolume volume) {
        ObjectNode clone = volume.object().deepCopy();
        if (volume.hasAnnotation(VolumeAnnotations.BOUND_BY_CONTROLLER)) {
            spec(clone).remove("claimRef");
            ObjectNode annotations = annotations(clone);
            annotations.remove(VolumeAnnotations.BOUND_BY_CONTROLLER);
            if (annotations.isEmpty()) {
                ((ObjectNode) clone.get("metadata")).remove("annotations");
            }
        } else {
            ((ObjectNode) spec(clone).get("claimRef")).remove("uid");
        }
        return client.update(PVS, "", clone, MANAGER).map(o -> PersistentVolume.of(volumes.remember(o)))
                .compose(v -> updateVolumePhase(v, PersistentVolume.AVAILABLE, ""));
    }

    /** Upstream's bindClaimToVolume: volumeName (plus bound-by-controller when we chose it) and bind-completed. */
    Future<Claim> bindClaimToVolume(Claim claim, PersistentVolume volume) {
        ObjectNode clone = claim.object().deepCopy();
        boolean dirty = false;
        if (!volume.name().equals(claim.volumeName())) {
            spec(clone).put("volumeName", volume.name());
            if (!claim.hasAnnotation(VolumeAnnotations.BOUND_BY_CONTROLLER)) {
                annotations(clone).put(VolumeAnnotations.BOUND_BY_CONTROLLER, "yes");
            }
            dirty = true;
        }
        if (!claim.bindCompleted()) {
            annotations(clone).put(VolumeAnnotations.BIND_COMPLETED, "yes");
            dirty = true;
        }
        return dirty ? updateClaim(clone) : Future.succeededFuture(claim);
    }

    /**
     * Upstream's updateClaimStatus: the phase; with a volume, its access modes, and its capacity when the claim is
     * becoming Bound (a later difference may be a deliberate resize and is left alone); without one, neither.
     */
    Future<Claim> updateClaimStatus(Claim claim, String phase, PersistentVolume volume) {
        ObjectNode clone = claim.object().deepCopy();
        ObjectNode status = status(clone);
        boolean dirty = false;
        if (!phase.equals(claim.phase())) {
            status.put("phase", phase);
            dirty = true;
        }
        if (volume == null) {
            dirty |= status.remove("accessModes") != null;
            dirty |= status.remove("capacity") != null;
        } else {
            var modes = volume.object().path("spec").path("accessModes");
            if (!modes.equals(status.path("accessModes"))) {
                status.set("accessModes", modes.deepCopy());
                dirty = true;
            }
            if (!phase.equals(claim.phase())) {
                var capacity = volume.object().path("spec").path("capacity");
                if (!capacity.path("storage").equals(status.path("capacity").path("storage"))) {
                    status.set("capacity", capacity.deepCopy());
                    dirty = true;
                }
            }
        }
        if (!dirty) {
            return Future.succeededFuture(claim);
        }
        return client.updateStatus(PVCS, claim.namespace(), clone, MANAGER).map(o -> Claim.of(claims.remember(o)));
    }

    Future<Claim> updateClaimStatusWithEvent(Claim claim, String phase, PersistentVolume volume, String type,
                                             String reason, String message) {
        if (phase.equals(claim.phase())) {
            return Future.succeededFuture(claim);
        }
        return updateClaimStatus(claim, phase, volume).onSuccess(c -> events.record(c.object(), type, reason, message));
    }

    /** Both provisioner annotations, so an external provisioner (old or new) picks the claim up. */
    Future<Claim> setClaimProvisioner(Claim claim, String provisioner) {
        if (provisioner.equals(claim.annotations().get(VolumeAnnotations.STORAGE_PROVISIONER))
                && provisioner.equals(claim.annotations().get(VolumeAnnotations.BETA_STORAGE_PROVISIONER))) {
            return Future.succeededFuture(claim);
        }
        ObjectNode clone = claim.object().deepCopy();
        annotations(clone).put(VolumeAnnotations.BETA_STORAGE_PROVISIONER, provisioner)
                .put(VolumeAnnotations.STORAGE_PROVISIONER, provisioner);
        return updateClaim(clone);
    }

    /**
     * Upstream's retroactive default class: a claim that names no class (not even "") gets the default
     * StorageClass once one exists. True when the claim was updated (its next sync continues).
     */
    Future<Boolean> assignDefaultStorageClass(Claim claim, Collection<ObjectNode> classes) {
        if (claim.hasClass()) {
            return Future.succeededFuture(false);
        }
        return StorageClasses.defaultClass(classes).map(sc -> {
            ObjectNode clone = claim.object().deepCopy();
            spec(clone).put("storageClassName", sc.path("metadata").path("name").asText());
            return updateClaim(clone).map(true);
        }).orElse(Future.succeededFuture(false));
    }

    Future<Void> deleteVolume(PersistentVolume volume) {
        return client.delete(PVS, "", volume.name(), io.k3j.client.DeleteOptions.DEFAULT).mapEmpty();
    }

    private Future<Claim> updateClaim(ObjectNode clone) {
        return client.update(PVCS, clone.path("metadata").path("namespace").asText(), clone, MANAGER)
                .map(o -> Claim.of(claims.remember(o)));
    }

    private static ObjectNode status(ObjectNode obj) {
        return obj.has("status") && obj.get("status").isObject() ? (ObjectNode) obj.get("status") : obj.putObject("status");
    }

    private static ObjectNode spec(ObjectNode obj) {
        return obj.has("spec") && obj.get("spec").isObject() ? (ObjectNode) obj.get("spec") : obj.putObject("spec");
    }

    private static ObjectNode annotations(ObjectNode obj) {
        ObjectNode meta = obj.has("metadata") ? (ObjectNode) obj.get("metadata") : obj.putObject("metadata");
        return meta.has("annotations") && meta.get("annotations").isObject()
                ? (ObjectNode) meta.get("annotations") : meta.putObject("annotations");
    }
}
