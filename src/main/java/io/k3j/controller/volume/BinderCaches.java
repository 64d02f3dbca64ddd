package io.k3j.controller.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.Informer;
import io.k3j.volume.Claim;
import io.k3j.volume.PersistentVolume;
import io.k3j.volume.StorageClasses;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What the binder reads: volumes and claims (with its own writes overlaid), classes, and pods by claim. */
final class BinderCaches {

    /** Index of pods by the "namespace/claim" keys of the claims they mount (generic ephemeral ones included). */
    static final String POD_CLAIMS = "persistentvolume-binder.claims";

    private final LatestObjects volumes;
    private final LatestObjects claims;
    private final Informer classes;
    private final Informer pods;

    BinderCaches(LatestObjects volumes, LatestObjects claims, Informer classes, Informer pods) {
        this.volumes = volumes;
        this.claims = claims;
        this.classes = classes;
        this.pods = pods;
    }

    LatestObjects volumeStore() {
        return volumes;
    }

    LatestObjects claimStore() {
        return claims;
    }

    PersistentVolume volume(String name) {
        ObjectNode o = volumes.get(name);
        return o == null ? null : PersistentVolume.of(o);
    }

    Claim claim(String key) {
        ObjectNode o = claims.get(key);
        return o == null ? null : Claim.of(o);
    }

    List<PersistentVolume> volumes() {
        List<PersistentVolume> out = new ArrayList<>();
        volumes.list().forEach(o -> out.add(PersistentVolume.of(o)));
        return out;
    }

    StorageClasses classes() {
        return new StorageClasses(classes::get);
    }

    Collection<ObjectNode> classList() {
        return classes.list();
    }

    /** Pods that mount the claim and have not finished (upstream skips terminated pods). */
    List<ObjectNode> activePodsUsing(String claimKey) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode pod : pods.byIndex(POD_CLAIMS, claimKey)) {
            String phase = pod.path("status").path("phase").asText("");
            if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
                out.add(pod);
            }
        }
        return out;
    }

    /** The index function for {@link #POD_CLAIMS}. */
    static Collection<String> claimKeys(ObjectNode pod) {
        String ns = pod.path("metadata").path("namespace").asText();
        String podName = pod.path("metadata").path("name").asText();
        List<String> keys = new ArrayList<>();
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (v.has("persistentVolumeClaim")) {
                keys.add(ns + "/" + v.path("persistentVolumeClaim").path("claimName").asText());
            } else if (v.has("ephemeral")) {
                keys.add(ns + "/" + podName + "-" + v.path("name").asText());
            }
        }
        return keys;
    }
}
