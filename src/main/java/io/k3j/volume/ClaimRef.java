package io.k3j.volume;

import com.fasterxml.jackson.databind.JsonNode;

/** A volume's spec.claimRef: which claim it is (or is reserved to be) bound to; uid "" while only pre-bound. */
public record ClaimRef(String namespace, String name, String uid) {

    /** The claimRef of a PV object, or null when it has none. */
    public static ClaimRef of(JsonNode pv) {
        JsonNode ref = pv.path("spec").path("claimRef");
        if (!ref.isObject()) {
            return null;
        }
        return new ClaimRef(Json.text(ref.path("namespace")), Json.text(ref.path("name")), Json.text(ref.path("uid")));
    }

    /** "namespace/name", the claim's cache key. */
    public String key() {
        return namespace + "/" + name;
    }
}
