package io.k3j.scheduler.volume;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.volume.Claim;

import java.util.List;

/**
 * A pod's claims sorted out in PreFilter (upstream's PodVolumeClaims): bound ones (their volumes' node affinity
 * still matters) and unbound WaitForFirstConsumer ones (a volume or a provisioning node is found per node).
 * Immutable, so the cycle state's copy is itself.
 */
record PodClaims(List<Claim> bound, List<Claim> delayed) implements CycleState.Data {

    static final String KEY = "VolumeBinding";

    PodClaims {
        bound = List.copyOf(bound);
        delayed = List.copyOf(delayed);
    }

    @Override
    public CycleState.Data copy() {
        return this;
    }
}
