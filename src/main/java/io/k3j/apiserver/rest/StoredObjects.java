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
        ObjectNode stored = Json.stored(kv.value());
        return d.isCustom() ? CustomResourceCodec.fromStorage(stored, d) : BuiltinCodec.fromStorage(stored, d);
    }

    /**
     * A cached (stored-form) object as the requested version serves it: custom resources converted, pruned and
     * defaulted, and built-in kinds stored in another version converted, each into a copy; other built-in objects
     * are the cached tree itself (read-only).
     */
    static ObjectNode served(ObjectNode cached, ResourceDescriptor d) {
        return d.isCustom() ? CustomResourceCodec.fromStorage(cached.deepCopy(), d) : BuiltinCodec.fromStorage(cached, d);
    }

    /** Whether a cached object goes out as it is cached (its shared bytes) for {@code d}'s version. */
    static boolean servedAsCached(ObjectNode cached, ResourceDescriptor d) {
        return !d.isCustom() && !BuiltinCodec.converts(cached, d);
    }

    /**
     * The object to store: custom resources in their storage version, built-in kinds served at several versions in
     * their hub version; anything else as it is.
     */
    static ObjectNode toStorage(ObjectNode obj, ResourceDescriptor d) {
        return d.isCustom() ? CustomResourceCodec.toStorage(obj, d) : BuiltinCodec.toStorage(obj, d);
    }

    /** What a write answers, given the object it wrote and the form it stored (see {@link BuiltinCodec#answer}). */
    static ObjectNode answer(ObjectNode written, ObjectNode stored, ResourceDescriptor d) {
        return d.isCustom() ? written : BuiltinCodec.answer(written, stored, d);
    }

    /** The bytes to store for an object (see {@link #toStorage}). */
    static byte[] encode(ObjectNode obj, ResourceDescriptor d) {
        return Json.bytes(toStorage(obj, d));
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
