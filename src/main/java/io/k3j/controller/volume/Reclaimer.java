package io.k3j.controller.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.KubeClient;
import io.k3j.volume.Claim;
import io.k3j.volume.ClaimRef;
import io.k3j.volume.PersistentVolume;
import io.k3j.volume.VolumeAnnotations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Upstream's reclaimVolume for a released volume. Retain keeps it Released. Recycle (deprecated) and Delete act only
 * after re-reading the volume and finding it still released. Recycling needs a recycler plugin, which k3j does not
 * have: the volume turns Failed with VolumeFailedRecycle. Deleting asks the plugin that made or serves the volume:
 * an external provisioner (pv.kubernetes.io/provisioned-by not under kubernetes.io/) or a CSI driver deletes it
 * itself, so the binder waits; a hostPath volume is deleted under /tmp only (its directory, then the object), as
 * upstream's host_path deleter; any other volume has no deleter and turns Failed with VolumeFailedDelete. Failed
 * volumes are retried on every sync.
 */
final class Reclaimer {

    private static final Pattern HOST_PATH_DELETABLE = Pattern.compile("/tmp/.+");

    /** A deleter's answer: done (the object may go), waiting for someone else, or an error text. */
    private sealed interface Deletion {
        record Deleted() implements Deletion {
        }

        record External() implements Deletion {
        }

        record Failed(String message) implements Deletion {
        }
    }

    private final Vertx vertx;
    private final KubeClient client;
    private final BinderCaches caches;
    private final BindingWrites writes;

    Reclaimer(Vertx vertx, KubeClient client, BinderCaches caches, BindingWrites writes) {
        this.vertx = vertx;
        this.client = client;
        this.caches = caches;
        this.writes = writes;
    }

    Future<Void> reclaim(PersistentVolume volume) {
        if (!volume.annotations().getOrDefault(VolumeAnnotations.MIGRATED_TO, "").isEmpty()) {
            return Future.succeededFuture(); // the CSI driver's provisioner reclaims migrated volumes
        }
        return switch (volume.reclaimPolicy()) {
            case "Retain" -> Future.succeededFuture();
            case "Recycle" -> stillReleased(volume).compose(v -> v == null ? Future.succeededFuture() : recycle(v));
            case "Delete" -> stillReleased(volume).compose(v -> v == null ? Future.succeededFuture() : delete(v));
            default -> writes.updateVolumePhaseWithEvent(volume, PersistentVolume.FAILED, "Warning",
                    "VolumeUnknownReclaimPolicy", "Volume has unrecognized PersistentVolumeReclaimPolicy").mapEmpty();
        };
    }

    private Future<Void> recycle(PersistentVolume volume) {
        ClaimRef ref = volume.claimRef();
        List<String> users = new ArrayList<>();
        for (ObjectNode pod : caches.activePodsUsing(ref.key())) {
            users.add(pod.path("metadata").path("namespace").asText() + "/" + pod.path("metadata").path("name").asText());
        }
        if (!users.isEmpty() && caches.claim(ref.key()) == null) {
            users.sort(null);
            writes.events().normal(volume.object(), "VolumeFailedRecycle", "Volume is used by pods: " + String.join(",", users));
            return Future.succeededFuture();
        }
        return writes.updateVolumePhaseWithEvent(volume, PersistentVolume.FAILED, "Warning", "VolumeFailedRecycle",
                "No recycler plugin found for the volume!").mapEmpty();
    }

    private Future<Void> delete(PersistentVolume volume) {
        return deleter(volume).compose(d -> switch (d) {
            case Deletion.External e -> Future.succeededFuture();
            case Deletion.Failed f -> writes.updateVolumePhaseWithEvent(volume, PersistentVolume.FAILED, "Warning",
                    "VolumeFailedDelete", f.message()).mapEmpty();
            case Deletion.Deleted ok -> writes.deleteVolume(volume).recover(e -> Future.succeededFuture());
        });
    }

    /** Upstream's findDeletablePlugin + Delete, with the plugins k3j's controller manager has (host_path only). */
    private Future<Deletion> deleter(PersistentVolume volume) {
        String provisionedBy = volume.annotations().getOrDefault(VolumeAnnotations.PROVISIONED_BY, "");
        if (!provisionedBy.isEmpty() && !provisionedBy.equals("kubernetes.io/host-path")) {
            return Future.succeededFuture(provisionedBy.startsWith("kubernetes.io/")
                    ? new Deletion.Failed("no volume plugin matched name: " + provisionedBy) : new Deletion.External());
        }
        var spec = volume.object().path("spec");
        if (spec.path("csi").isObject()) {
            return Future.succeededFuture(new Deletion.External());
        }
        if (spec.path("hostPath").isObject()) {
            String path = spec.path("hostPath").path("path").asText();
            if (!HOST_PATH_DELETABLE.matcher(path).matches()) {
                return Future.succeededFuture(new Deletion.Failed("host_path deleter only supports /tmp/.+ but received provided " + path));
            }
            return vertx.fileSystem().deleteRecursive(path).<Deletion>map(v -> new Deletion.Deleted())
                    .recover(e -> vertx.fileSystem().exists(path).map(exists -> exists
                            ? new Deletion.Failed(String.valueOf(e.getMessage())) : new Deletion.Deleted()));
        }
        return Future.succeededFuture(new Deletion.Failed("error getting deleter volume plugin for volume \""
                + volume.name() + "\": no volume plugin matched"));
    }

    /**
     * The volume as the API has it now, if it still needs reclaiming (upstream's isVolumeReleased): bound to a claim
     * that is gone, or that now uses another volume. Null otherwise.
     */
    private Future<PersistentVolume> stillReleased(PersistentVolume volume) {
        return client.get(BindingWrites.PVS, "", volume.name()).map(o -> {
            PersistentVolume fresh = PersistentVolume.of(o);
            ClaimRef ref = fresh.claimRef();
            if (ref == null || ref.uid().isEmpty()) {
                return null;
            }
            Claim claim = caches.claim(ref.key());
            if (claim != null && claim.uid().equals(ref.uid())) {
                return !claim.volumeName().isEmpty() && !claim.volumeName().equals(fresh.name()) ? fresh : null;
            }
            return fresh;
        }).recover(e -> Future.succeededFuture(null));
    }
}
