package io.k3j.controller.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.volume.Claim;
import io.k3j.volume.PersistentVolume;
import io.k3j.volume.VolumeAnnotations;
import io.k3j.volume.VolumeMatcher;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's syncClaim for one claim. Unbound claims (no bind-completed) get a volume: the one they name, or the
 * best match; failing that the default class is assigned, delayed-binding claims wait for a consumer, classed ones
 * go to provisioning, and the rest report FailedBinding. Bound claims are checked: a missing volume, or one that
 * points elsewhere, makes the claim Lost.
 */
final class ClaimSync {

    static final String NO_CLASS_MESSAGE = "no persistent volumes available for this claim and no storage class is set";

    private final BinderCaches caches;
    private final BindingWrites writes;
    private final Provisioning provisioning;

    ClaimSync(BinderCaches caches, BindingWrites writes, Provisioning provisioning) {
        this.caches = caches;
        this.writes = writes;
        this.provisioning = provisioning;
    }

    Future<Void> sync(Claim claim) {
        return claim.bindCompleted() ? syncBound(claim) : syncUnbound(claim);
    }

    private Future<Void> syncUnbound(Claim claim) {
        if (!claim.volumeName().isEmpty()) {
            return syncPreBound(claim);
        }
        boolean delayBinding = caches.classes().delayBinding(claim);
        Optional<PersistentVolume> match;
        try {
            match = VolumeMatcher.findBestMatch(claim, caches.volumes(), delayBinding);
        } catch (VolumeMatcher.BadSelector e) {
            return Future.failedFuture(new IllegalStateException("error finding PV for claim \"" + claim.key() + "\": "
                    + e.getMessage()));
        }
        if (match.isPresent()) {
            return writes.bind(match.get(), claim);
        }
        return writes.assignDefaultStorageClass(claim, caches.classList()).compose(updated -> {
            if (updated) {
                return Future.succeededFuture(); // the update brings the claim back with its class
            }
            if (delayBinding && !claim.hasSelectedNode()) {
                waitingForConsumer(claim);
            } else if (!claim.className().isEmpty()) {
                return provisioning.provision(claim);
            } else {
                writes.events().normal(claim.object(), "FailedBinding", NO_CLASS_MESSAGE);
            }
            return writes.updateClaimStatus(claim, Claim.PENDING, null).mapEmpty();
        });
    }

    /** The user asked for a volume by name (spec.volumeName) before any binding completed. */
    private Future<Void> syncPreBound(Claim claim) {
        PersistentVolume volume = caches.volume(claim.volumeName());
        if (volume == null) {
            return writes.updateClaimStatus(claim, Claim.PENDING, null).mapEmpty(); // retried on the next sync
        }
        if (volume.claimRef() == null) {
            Optional<String> mismatch = VolumeMatcher.checkVolumeSatisfyClaim(volume, claim);
            if (mismatch.isPresent()) {
                writes.events().warning(claim.object(), "VolumeMismatch",
                        "Cannot bind to requested volume \"" + volume.name() + "\": " + mismatch.get());
                return writes.updateClaimStatus(claim, Claim.PENDING, null).mapEmpty();
            }
            return writes.bind(volume, claim);
        }
        if (volume.isBoundTo(claim)) {
            return writes.bind(volume, claim); // finish the binding: the volume's side gets the claim's uid
        }
        writes.events().warning(claim.object(), "FailedBinding",
                "volume \"" + volume.name() + "\" already bound to a different claim.");
        if (!claim.hasAnnotation(VolumeAnnotations.BOUND_BY_CONTROLLER)) {
            return writes.updateClaimStatus(claim, Claim.PENDING, null).mapEmpty();
        }
        return Future.failedFuture(new IllegalStateException("invalid binding of claim \"" + claim.key() + "\" to volume \""
                + claim.volumeName() + "\": volume already claimed by \"" + volume.claimRef().key() + "\""));
    }

    private Future<Void> syncBound(Claim claim) {
        if (claim.volumeName().isEmpty()) {
            return writes.updateClaimStatusWithEvent(claim, Claim.LOST, null, "Warning", "ClaimLost",
                    "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!").mapEmpty();
        }
        PersistentVolume volume = caches.volume(claim.volumeName());
        if (volume == null) {
            return writes.updateClaimStatusWithEvent(claim, Claim.LOST, null, "Warning", "ClaimLost",
                    "Bound claim has lost its PersistentVolume. Data on the volume is lost!").mapEmpty();
        }
        if (volume.claimRef() == null || volume.claimRef().uid().equals(claim.uid())) {
            return writes.bind(volume, claim); // re-point an unbound volume, or just settle both phases
        }
        return writes.updateClaimStatusWithEvent(claim, Claim.LOST, null, "Warning", "ClaimMisbound",
                "Two claims are bound to the same volume, this one is bound incorrectly").mapEmpty();
    }

    /** WaitForFirstConsumer, or WaitForPodScheduled naming the unscheduled pods that use the claim. */
    private void waitingForConsumer(Claim claim) {
        List<String> unscheduled = new ArrayList<>();
        for (ObjectNode pod : caches.activePodsUsing(claim.key())) {
            if (pod.path("spec").path("nodeName").asText("").isEmpty()) {
                unscheduled.add(pod.path("metadata").path("name").asText());
            }
        }
        if (unscheduled.isEmpty()) {
            writes.events().normal(claim.object(), "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
        } else if (unscheduled.size() == 1) {
            writes.events().normal(claim.object(), "WaitForPodScheduled", "waiting for pod " + unscheduled.get(0) + " to be scheduled");
        } else {
            writes.events().normal(claim.object(), "WaitForPodScheduled",
                    "waiting for pods " + String.join(",", unscheduled) + " to be scheduled");
        }
    }
}
