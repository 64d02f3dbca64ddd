package io.k3j.scheduler.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.volume.Claim;
import io.k3j.volume.PersistentVolume;
import io.k3j.volume.StorageClasses;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's view of volumes, claims and classes (upstream's PV and PVC assume caches): fed by informers, each
 * object parsed once, volumes grouped by class for the per-node search. A pod's chosen bindings are "assumed" (the
 * volume with its claimRef, the claim with its selected node) so the next pods do not pick the same volume before
 * the API writes come back; an assumed object gives way once the informer delivers a newer version of it, or when
 * the binding is reverted. Used on the scheduler's event loop only.
 */
public final class VolumeCache {

    private final Map<String, PersistentVolume> volumes = new HashMap<>();
    private final Map<String, Map<String, PersistentVolume>> volumesByClass = new HashMap<>();
    private final Map<String, PersistentVolume> assumedVolumes = new HashMap<>();
    private final Map<String, Claim> claims = new HashMap<>();
    private final Map<String, Claim> assumedClaims = new HashMap<>();
    private final Map<String, ObjectNode> classes = new HashMap<>();
    private final StorageClasses classView = new StorageClasses(classes::get);

    // --- informer side ------------------------------------------------------------------------------------------

    public void upsertVolume(ObjectNode pv) {
        PersistentVolume v = PersistentVolume.of(pv);
        PersistentVolume old = volumes.put(v.name(), v);
        if (old != null && !old.className().equals(v.className())) {
            byClass(old.className()).remove(old.name());
        }
        PersistentVolume assumed = assumedVolumes.get(v.name());
        if (assumed != null && newer(v.resourceVersion(), assumed.resourceVersion())) {
            assumedVolumes.remove(v.name());
        }
        byClass(v.className()).put(v.name(), effectiveVolume(v.name()));
    }

    public void removeVolume(String name) {
        PersistentVolume old = volumes.remove(name);
        assumedVolumes.remove(name);
        if (old != null) {
            byClass(old.className()).remove(name);
        }
    }

    public void upsertClaim(ObjectNode pvc) {
        Claim c = Claim.of(pvc);
        claims.put(c.key(), c);
        Claim assumed = assumedClaims.get(c.key());
        if (assumed != null && newer(c.resourceVersion(), assumed.resourceVersion())) {
            assumedClaims.remove(c.key());
        }
    }

    public void removeClaim(String key) {
        claims.remove(key);
        assumedClaims.remove(key);
    }

    public void upsertClass(ObjectNode sc) {
        classes.put(sc.path("metadata").path("name").asText(), sc);
    }

    public void removeClass(String name) {
        classes.remove(name);
    }

    // --- reads --------------------------------------------------------------------------------------------------

    /** The claim as the scheduler sees it (assumed version first), or null. */
    public Claim claim(String namespace, String name) {
        String key = namespace + "/" + name;
        Claim assumed = assumedClaims.get(key);
        return assumed != null ? assumed : claims.get(key);
    }

    /** The claim as the API last reported it (not an assumed version), or null. */
    public Claim apiClaim(String key) {
        return claims.get(key);
    }

    public PersistentVolume volume(String name) {
        return effectiveVolume(name);
    }

    /** The volume as the API last reported it, or null. */
    public PersistentVolume apiVolume(String name) {
        return volumes.get(name);
    }

    /** Volumes of one class (assumed versions where assumed). */
    public Collection<PersistentVolume> volumesOfClass(String className) {
        Map<String, PersistentVolume> m = volumesByClass.get(className);
        return m == null ? List.of() : m.values();
    }

    public StorageClasses classes() {
        return classView;
    }

    // --- assume / revert ----------------------------------------------------------------------------------------

    public void assumeVolume(PersistentVolume v) {
        assumedVolumes.put(v.name(), v);
        byClass(v.className()).put(v.name(), v);
    }

    public void assumeClaim(Claim c) {
        assumedClaims.put(c.key(), c);
    }

    public void restoreVolume(String name) {
        assumedVolumes.remove(name);
        PersistentVolume api = volumes.get(name);
        if (api != null) {
            byClass(api.className()).put(name, api);
        }
    }

    public void restoreClaim(String key) {
        assumedClaims.remove(key);
    }

    private PersistentVolume effectiveVolume(String name) {
        PersistentVolume assumed = assumedVolumes.get(name);
        return assumed != null ? assumed : volumes.get(name);
    }

    private Map<String, PersistentVolume> byClass(String className) {
        return volumesByClass.computeIfAbsent(className, k -> new HashMap<>());
    }

    /** Whether resourceVersion {@code a} is newer than {@code b} (both are store revisions). */
    private static boolean newer(String a, String b) {
        try {
            return Long.parseLong(a) > Long.parseLong(b);
        } catch (NumberFormatException e) {
            return !a.equals(b);
        }
    }
}
