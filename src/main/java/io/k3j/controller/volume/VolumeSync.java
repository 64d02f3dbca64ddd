package io.k3j.controller.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.volume.Claim;
import io.k3j.volume.ClaimRef;
import io.k3j.volume.PersistentVolume;
import io.k3j.volume.VolumeAnnotations;
import io.vertx.core.Future;

import java.util.function.Consumer;

/**
 * Upstream's syncVolume for one volume: unclaimed and pre-bound volumes are Available; a volume whose claim is gone
 * (by name or by uid) is Released and reclaimed by its policy; one whose claim is still being bound hands over to
 * the claim's sync; one whose claim went to another volume is unbound (or, if it was provisioned for it with
 * Delete, released and deleted).
 */
final class VolumeSync {

    private final BinderCaches caches;
    private final BindingWrites writes;
    private final Reclaimer reclaimer;
    private final KubeClient client;
    private final Consumer<String> enqueueClaim;

    VolumeSync(BinderCaches caches, BindingWrites writes, Reclaimer reclaimer, KubeClient client,
               Consumer<String> enqueueClaim) {
        this.caches = caches;
        this.writes = writes;
        this.reclaimer = reclaimer;
        this.client = client;
        this.enqueueClaim = enqueueClaim;
    }

    Future<Void> sync(PersistentVolume volume) {
        ClaimRef ref = volume.claimRef();
        if (ref == null || ref.uid().isEmpty()) {
            // Unused, or reserved by the user for a claim whose own sync will complete the binding.
            return writes.updateVolumePhase(volume, PersistentVolume.AVAILABLE, "").mapEmpty();
        }
        return claimOf(volume, ref).compose(claim -> {
            if (claim == null) {
                return released(volume);
            }
            if (claim.volumeName().isEmpty()) {
                return claimNotBoundYet(volume, claim);
            }
            if (claim.volumeName().equals(volume.name())) {
                return writes.updateVolumePhase(volume, PersistentVolume.BOUND, "").mapEmpty();
            }
            if (volume.hasAnnotation(VolumeAnnotations.PROVISIONED_BY) && "Delete".equals(volume.reclaimPolicy())) {
                return released(volume); // provisioned for a claim that got another volume: not needed
            }
            // Bound by us to a claim fulfilled elsewhere: undo it. Pre-bound by the user: keep the reservation.
            return writes.unbindVolume(volume).mapEmpty();
        });
    }

    private Future<Void> released(PersistentVolume volume) {
        Future<PersistentVolume> marked = PersistentVolume.RELEASED.equals(volume.phase()) || PersistentVolume.FAILED.equals(volume.phase())
                ? Future.succeededFuture(volume) // keep Failed visible while reclaiming is retried
                : writes.updateVolumePhase(volume, PersistentVolume.RELEASED, "");
        return marked.compose(reclaimer::reclaim);
    }

    private Future<Void> claimNotBoundYet(PersistentVolume volume, Claim claim) {
        if (!volume.volumeMode().equals(claim.volumeMode())) {
            writes.events().warning(volume.object(), "VolumeMismatch", "Cannot bind PersistentVolume to requested "
                    + "PersistentVolumeClaim \"" + claim.name() + "\" due to incompatible volumeMode.");
            writes.events().warning(claim.object(), "VolumeMismatch", "Cannot bind PersistentVolume \"" + volume.name()
                    + "\" to requested PersistentVolumeClaim due to incompatible volumeMode.");
            return Future.succeededFuture();
        }
        enqueueClaim.accept(claim.key()); // the claim's sync completes (or repairs) the binding
        return Future.succeededFuture();
    }

    /**
     * The claim the volume is bound to, or null when it no longer exists. The informer may lag behind a claim just
     * created (by a provisioner, or bound by the scheduler), so before releasing a volume the API is asked; and a
     * cached claim of another uid is checked there too, since the cache may hold the old one.
     */
    private Future<Claim> claimOf(PersistentVolume volume, ClaimRef ref) {
        Claim cached = caches.claim(ref.key());
        if (cached == null) {
            if (PersistentVolume.RELEASED.equals(volume.phase()) || PersistentVolume.FAILED.equals(volume.phase())) {
                return Future.succeededFuture(null);
            }
            return live(ref).map(c -> c != null && c.uid().equals(ref.uid()) ? c : null);
        }
        if (!cached.uid().equals(ref.uid())) {
            return live(ref).map(c -> c != null && c.uid().equals(ref.uid()) ? c : null);
        }
        return Future.succeededFuture(cached);
    }

    private Future<Claim> live(ClaimRef ref) {
        return client.get(BindingWrites.PVCS, ref.namespace(), ref.name())
                .map(o -> Claim.of(caches.claimStore().remember((ObjectNode) o)))
                .recover(e -> e instanceof KubeApiException k && k.notFound()
                        ? Future.succeededFuture(null) : Future.failedFuture(e));
    }
}
