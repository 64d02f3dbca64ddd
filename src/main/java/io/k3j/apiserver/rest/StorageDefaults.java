package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;

/**
 * Upstream's defaulting of PersistentVolumes, claims and StorageClasses, which the binder and kubectl rely on: a new
 * volume is Pending (the binder makes it Available) with reclaim policy Retain, a new claim is Pending, both are
 * Filesystem volumes unless they say Block, and a class reclaims with Delete and binds Immediate.
 */
final class StorageDefaults {

    private StorageDefaults() {
    }

    static void apply(ResourceDescriptor d, ObjectNode obj) {
        String kind = d.group() + "/" + d.resource();
        switch (kind) {
            case "/persistentvolumes" -> {
                ObjectNode spec = object(obj, "spec");
                putIfAbsent(spec, "persistentVolumeReclaimPolicy", "Retain");
                putIfAbsent(spec, "volumeMode", "Filesystem");
                putIfAbsent(object(obj, "status"), "phase", "Pending");
            }
            case "/persistentvolumeclaims" -> {
                putIfAbsent(object(obj, "spec"), "volumeMode", "Filesystem");
                putIfAbsent(object(obj, "status"), "phase", "Pending");
            }
            case "storage.k8s.io/storageclasses" -> {
                putIfAbsent(obj, "reclaimPolicy", "Delete");
                putIfAbsent(obj, "volumeBindingMode", "Immediate");
            }
            default -> {
            }
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.has(field) && parent.get(field).isObject() ? (ObjectNode) parent.get(field) : parent.putObject(field);
    }

    private static void putIfAbsent(ObjectNode o, String field, String value) {
        if (!o.hasNonNull(field)) {
            o.put(field, value);
        }
    }
}
