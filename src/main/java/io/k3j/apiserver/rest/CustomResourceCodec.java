package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.schema.Defaulter;
import io.k3j.api.schema.Pruner;

/**
 * Custom resources between storage and clients. Objects are stored in the CRD's storage version; every read
 * converts to the requested version (conversion strategy None: only apiVersion changes), prunes what the
 * version's schema does not specify and applies its defaults, as kube-apiserver does on reads from etcd.
 */
final class CustomResourceCodec {

    private CustomResourceCodec() {
    }

    /** A stored object as the requested version serves it; modifies and returns {@code obj}. */
    static ObjectNode fromStorage(ObjectNode obj, ResourceDescriptor d) {
        if (!d.isCustom()) {
            return obj;
        }
        obj.put("apiVersion", d.apiVersion());
        Pruner.prune(obj, d.custom().schema());
        Defaulter.apply(obj, d.custom().schema());
        return obj;
    }

    /**
     * The object to write: in the storage version. A shallow copy when the version differs, so the caller's
     * object (the response body) keeps the requested version.
     */
    static ObjectNode toStorage(ObjectNode obj, ResourceDescriptor d) {
        if (!d.isCustom() || d.custom().storageVersion().equals(d.version()) || d.custom().storageVersion().isEmpty()) {
            return obj;
        }
        ObjectNode copy = obj.objectNode();
        copy.setAll(obj);
        copy.put("apiVersion", GroupVersionResource.apiVersion(d.group(), d.custom().storageVersion()));
        return copy;
    }
}
