package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.convert.BuiltinConversions;
import io.k3j.api.convert.KindConversion;

/**
 * Built-in objects between storage and clients, for the kinds served at several versions (autoscaling/v1 and v2
 * HorizontalPodAutoscalers): stored in the hub version whatever version wrote them, converted for each read, list
 * and watch to the version asked for. An object stored in another version (by a k3j that did not convert yet) is
 * converted from whatever its apiVersion says. Kinds served at one version pass through untouched.
 */
final class BuiltinCodec {

    private BuiltinCodec() {
    }

    static KindConversion conversion(ResourceDescriptor d) {
        return d.isCustom() ? null : BuiltinConversions.forResource(d.group(), d.resource()).orElse(null);
    }

    /** Whether a stored (or cached) object must be converted before clients of {@code d}'s version see it. */
    static boolean converts(ObjectNode stored, ResourceDescriptor d) {
        return conversion(d) != null && !d.apiVersion().equals(stored.path("apiVersion").asText(""));
    }

    /** A stored object as {@code d}'s version serves it: the object itself when no conversion is due, else a copy. */
    static ObjectNode fromStorage(ObjectNode stored, ResourceDescriptor d) {
        return converts(stored, d) ? conversion(d).fromHub(conversion(d).toHub(stored), d.version()) : stored;
    }

    /** The object to store: a copy in the hub version for converted kinds, else the object itself. */
    static ObjectNode toStorage(ObjectNode obj, ResourceDescriptor d) {
        KindConversion c = conversion(d);
        return c == null ? obj : c.toHub(obj);
    }

    /**
     * What a write answers: what was stored, read back in the request's version (so a v1 create without a CPU target
     * answers upstream's 80%); for other kinds the written object itself.
     */
    static ObjectNode answer(ObjectNode written, ObjectNode stored, ResourceDescriptor d) {
        KindConversion c = conversion(d);
        return c == null ? written : c.fromHub(stored, d.version());
    }
}
