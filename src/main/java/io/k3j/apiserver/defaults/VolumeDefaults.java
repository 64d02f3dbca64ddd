package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

import static io.k3j.apiserver.defaults.Fields.bool;
import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.ifObject;
import static io.k3j.apiserver.defaults.Fields.number;
import static io.k3j.apiserver.defaults.Fields.text;

/** upstream's defaults of pod volumes and of the persistent volume sources that share them. */
final class VolumeDefaults {

    /** 0644, the mode secret, configMap, downwardAPI and projected files get. */
    static final int DEFAULT_MODE = 420;

    private VolumeDefaults() {
    }

    static void volume(ObjectNode v) {
        if (!hasSource(v)) {
            v.putObject("emptyDir"); // a volume naming no source is an emptyDir
        }
        ifObject(v, "hostPath", VolumeDefaults::hostPath);
        ifObject(v, "secret", s -> number(s, "defaultMode", DEFAULT_MODE));
        ifObject(v, "configMap", s -> number(s, "defaultMode", DEFAULT_MODE));
        ifObject(v, "iscsi", VolumeDefaults::iscsi);
        ifObject(v, "rbd", VolumeDefaults::rbd);
        ifObject(v, "azureDisk", VolumeDefaults::azureDisk);
        ifObject(v, "scaleIO", VolumeDefaults::scaleIO);
        ifObject(v, "downwardAPI", d -> {
            number(d, "defaultMode", DEFAULT_MODE);
            downwardApiItems(d);
        });
        ifObject(v, "projected", p -> {
            number(p, "defaultMode", DEFAULT_MODE);
            eachObject(p, "sources", s -> {
                ifObject(s, "downwardAPI", VolumeDefaults::downwardApiItems);
                ifObject(s, "serviceAccountToken", t -> number(t, "expirationSeconds", 3600));
            });
        });
        ifObject(v, "ephemeral", e -> ifObject(e, "volumeClaimTemplate",
                t -> ifObject(t, "spec", VolumeDefaults::claimSpec)));
    }

    /** The sources a PersistentVolume's spec may name that have defaults. */
    static void persistentSource(ObjectNode pvSpec) {
        ifObject(pvSpec, "hostPath", VolumeDefaults::hostPath);
        ifObject(pvSpec, "iscsi", VolumeDefaults::iscsi);
        ifObject(pvSpec, "rbd", VolumeDefaults::rbd);
        ifObject(pvSpec, "azureDisk", VolumeDefaults::azureDisk);
        ifObject(pvSpec, "scaleIO", VolumeDefaults::scaleIO);
    }

    /** SetDefaults_PersistentVolumeClaimSpec. */
    static void claimSpec(ObjectNode spec) {
        text(spec, "volumeMode", "Filesystem");
    }

    private static boolean hasSource(ObjectNode v) {
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("name") && !e.getValue().isNull()) {
                return true;
            }
        }
        return false;
    }

    private static void downwardApiItems(ObjectNode d) {
        eachObject(d, "items", i -> ifObject(i, "fieldRef", ContainerDefaults::fieldRef));
    }

    private static void hostPath(ObjectNode h) {
        if (Fields.absent(h, "type")) {
            h.put("type", ""); // HostPathUnset: no check before mounting
        }
    }

    private static void iscsi(ObjectNode s) {
        text(s, "iscsiInterface", "default");
    }

    private static void rbd(ObjectNode s) {
        text(s, "pool", "rbd");
        text(s, "user", "admin");
        text(s, "keyring", "/etc/ceph/keyring");
    }

    private static void azureDisk(ObjectNode s) {
        text(s, "cachingMode", "ReadWrite");
        text(s, "kind", "Shared");
        text(s, "fsType", "ext4");
        bool(s, "readOnly", false);
    }

    private static void scaleIO(ObjectNode s) {
        text(s, "storageMode", "ThinProvisioned");
        text(s, "fsType", "xfs");
    }
}
