package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.k3j.apiserver.defaults.Fields.absent;
import static io.k3j.apiserver.defaults.Fields.bool;
import static io.k3j.apiserver.defaults.Fields.ifObject;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.text;

/** storage.k8s.io/v1: StorageClass, CSIDriver, and a VolumeAttachment's inline volume spec. */
final class StorageDefaults {

    private StorageDefaults() {
    }

    static void apply(String resource, ObjectNode obj) {
        switch (resource) {
            case "storageclasses" -> {
                text(obj, "reclaimPolicy", "Delete");
                text(obj, "volumeBindingMode", "Immediate");
            }
            case "csidrivers" -> csiDriver(object(obj, "spec"));
            case "volumeattachments" -> ifObject(object(obj, "spec"), "source",
                    s -> ifObject(s, "inlineVolumeSpec", VolumeDefaults::persistentSource));
            default -> {
            }
        }
    }

    private static void csiDriver(ObjectNode spec) {
        bool(spec, "attachRequired", true);
        bool(spec, "podInfoOnMount", false);
        bool(spec, "storageCapacity", false);
        text(spec, "fsGroupPolicy", "ReadWriteOnceWithFSType");
        if (absent(spec, "volumeLifecycleModes") || spec.get("volumeLifecycleModes").isEmpty()) {
            spec.putArray("volumeLifecycleModes").add("Persistent");
        }
        bool(spec, "requiresRepublish", false);
        bool(spec, "seLinuxMount", false);
    }
}
