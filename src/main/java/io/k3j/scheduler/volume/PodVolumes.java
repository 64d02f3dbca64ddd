package io.k3j.scheduler.volume;

import io.k3j.volume.Claim;
import io.k3j.volume.PersistentVolume;

import java.util.List;

/**
 * What binding a pod on its node takes (upstream's PodVolumes): static volumes to pre-bind to claims, and claims to
 * annotate with the selected node so their provisioner creates a volume there. Empty when every claim is bound.
 */
public record PodVolumes(String node, List<Binding> staticBindings, List<Claim> dynamicProvisions) {

    /** A volume chosen for a claim; {@code volume} already carries the claimRef to write. */
    public record Binding(PersistentVolume volume, Claim claim) {
    }

    public PodVolumes {
        staticBindings = List.copyOf(staticBindings);
        dynamicProvisions = List.copyOf(dynamicProvisions);
    }

    public boolean isEmpty() {
        return staticBindings.isEmpty() && dynamicProvisions.isEmpty();
    }
}
