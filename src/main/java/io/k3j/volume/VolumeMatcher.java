package io.k3j.volume;

import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Upstream's matching of claims to volumes (component-helpers FindMatchingVolume, the PV controller's
 * findBestMatchForClaim and checkVolumeSatisfyClaim). Volumes are visited in name order so that among equal sizes
 * the choice is deterministic.
 */
public final class VolumeMatcher {

    private VolumeMatcher() {
    }

    /** A claim selector that does not parse: the claim cannot be matched until it is fixed. */
    public static final class BadSelector extends Exception {
        public BadSelector(String message) {
            super(message);
        }
    }

    /** Why a volume the claim asked for by name does not fit it, or empty when it does (upstream's texts). */
    public static Optional<String> checkVolumeSatisfyClaim(PersistentVolume volume, Claim claim) {
        if (volume.deleting()) {
            return Optional.of("the volume is marked for deletion \"" + volume.name() + "\"");
        }
        if (volume.capacity().roundUp().compareTo(claim.request().roundUp()) < 0) {
            return Optional.of("requested PV is too small");
        }
        if (!volume.className().equals(claim.className())) {
            return Optional.of("storageClassName does not match");
        }
        if (!volume.volumeMode().equals(claim.volumeMode())) {
            return Optional.of("incompatible volumeMode");
        }
        if (!accessModesSatisfied(claim, volume)) {
            return Optional.of("incompatible accessMode");
        }
        return Optional.empty();
    }

    /** Every access mode the claim asks for is one the volume offers. */
    public static boolean accessModesSatisfied(Claim claim, PersistentVolume volume) {
        return volume.accessModes().containsAll(claim.accessModes());
    }

    /**
     * The controller's search: volumes grouped by their exact set of access modes; of the groups that offer all the
     * claim's modes, the ones with fewer modes are searched first, and the first group with a match wins.
     */
    public static Optional<PersistentVolume> findBestMatch(Claim claim, Collection<PersistentVolume> volumes,
                                                           boolean delayBinding) throws BadSelector {
        Map<String, List<PersistentVolume>> byModes = new TreeMap<>();
        for (PersistentVolume v : volumes) {
            byModes.computeIfAbsent(modesKey(v.accessModes()), k -> new ArrayList<>()).add(v);
        }
        List<List<PersistentVolume>> groups = new ArrayList<>();
        for (List<PersistentVolume> group : byModes.values()) {
            if (group.get(0).accessModes().containsAll(claim.accessModes())) {
                groups.add(group);
            }
        }
        groups.sort(Comparator.comparingInt(g -> Set.copyOf(g.get(0).accessModes()).size()));
        for (List<PersistentVolume> group : groups) {
            Optional<PersistentVolume> best = findMatchingVolume(claim, group, null, Set.of(), delayBinding);
            if (best.isPresent()) {
                return best;
            }
        }
        return Optional.empty();
    }

    private static String modesKey(List<String> modes) {
        return String.join(",", new java.util.TreeSet<>(modes));
    }

    /**
     * Upstream's FindMatchingVolume. {@code nodeLabels} is null on the controller's path and the candidate node's
     * labels on the scheduler's; {@code excluded} names volumes already chosen for other claims of the same pod.
     * A volume pre-bound to this claim is returned at once (or nothing, when its affinity rules the node out);
     * otherwise the smallest Available volume of the claim's class that is big enough, of the claim's volume mode,
     * selected by its label selector and (on the scheduler's path) allowed on the node with the claim's access modes.
     * On the controller's path delayed-binding claims only take pre-bound volumes: the scheduler binds the rest.
     */
    public static Optional<PersistentVolume> findMatchingVolume(Claim claim, Collection<PersistentVolume> volumes,
                                                                Map<String, String> nodeLabels, Set<String> excluded,
                                                                boolean delayBinding) throws BadSelector {
        LabelSelector selector = selector(claim);
        List<PersistentVolume> ordered = new ArrayList<>(volumes);
        ordered.sort(Comparator.comparing(PersistentVolume::name));
        PersistentVolume smallest = null;
        for (PersistentVolume v : ordered) {
            if (excluded.contains(v.name())) {
                continue;
            }
            boolean boundToClaim = v.isBoundTo(claim);
            if (v.claimRef() != null && !boundToClaim) {
                continue;
            }
            if (v.capacity().compareTo(claim.request()) < 0 || !v.volumeMode().equals(claim.volumeMode()) || v.deleting()) {
                continue;
            }
            boolean affinityOk = nodeLabels == null || v.nodeAffinity().matches(nodeLabels);
            if (boundToClaim) {
                return affinityOk ? Optional.of(v) : Optional.empty();
            }
            if (nodeLabels == null && delayBinding) {
                continue;
            }
            if (!PersistentVolume.AVAILABLE.equals(v.phase()) || selector != null && !selector.matches(v.labels())
                    || !v.className().equals(claim.className()) || !affinityOk) {
                continue;
            }
            if (nodeLabels != null && !accessModesSatisfied(claim, v)) {
                continue;
            }
            if (smallest == null || smallest.capacity().compareTo(v.capacity()) > 0) {
                smallest = v;
            }
        }
        return Optional.ofNullable(smallest);
    }

    /** The claim's label selector, or null when it has none. */
    private static LabelSelector selector(Claim claim) throws BadSelector {
        if (!claim.selector().isObject()) {
            return null;
        }
        try {
            return LabelSelector.fromJson(claim.selector());
        } catch (SelectorException e) {
            throw new BadSelector("error creating internal label selector for claim: " + claim.key() + ": " + e.getMessage());
        }
    }
}
