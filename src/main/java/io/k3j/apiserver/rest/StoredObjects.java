package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.store.KeyValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Small helpers over stored objects. */
final class StoredObjects {

    /** Events expire as kube-apiserver's --event-ttl (1 h) makes them. */
    private static final Duration EVENT_TTL = Duration.ofHours(1);

    private StoredObjects() {
    }

    /**
     * A stored object as clients see it: in the requested version (custom resources are converted, pruned and
     * defaulted here, so every read path serves them right), with resourceVersion = the revision that wrote it.
     */
    static ObjectNode out(KeyValue kv, ResourceDescriptor d) {
        ObjectNode obj = decode(kv, d);
        setResourceVersion(obj, kv.modRevision());
        return obj;
    }

    /** A stored object in the requested version, without resourceVersion: the base of a write. */
    static ObjectNode decode(KeyValue kv, ResourceDescriptor d) {
        return CustomResourceCodec.fromStorage(Json.stored(kv.value()), d);
    }

    /**
     * A copy of a cached (stored-form) object as the requested version serves it: custom resources converted,
     * pruned and defaulted; built-in objects as they are.
     */
    static ObjectNode served(ObjectNode cached, ResourceDescriptor d) {
        return d.isCustom() ? CustomResourceCodec.fromStorage(cached.deepCopy(), d) : cached;
    }

    /** The bytes to store for an object: custom resources go back to their storage version. */
    static byte[] encode(ObjectNode obj, ResourceDescriptor d) {
        return Json.bytes(CustomResourceCodec.toStorage(obj, d));
    }

    static void setResourceVersion(ObjectNode obj, long revision) {
        ObjectMetaRules.meta(obj).put("resourceVersion", String.valueOf(revision));
    }

    static Duration ttl(ResourceDescriptor d) {
        return d.resource().equals("events") ? EVENT_TTL : null;
    }

    static List<String> finalizers(ObjectNode obj) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : obj.path("metadata").path("finalizers")) {
            out.add(f.asText());
        }
        return out;
    }
}
