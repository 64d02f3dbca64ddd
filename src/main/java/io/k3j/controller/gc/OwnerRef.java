package io.k3j.controller.gc;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** One entry of metadata.ownerReferences. */
record OwnerRef(String apiVersion, String kind, String name, String uid, boolean controller, boolean blockOwnerDeletion) {

    static List<OwnerRef> of(JsonNode obj) {
        List<OwnerRef> out = new ArrayList<>();
        for (JsonNode r : obj.path("metadata").path("ownerReferences")) {
            out.add(new OwnerRef(r.path("apiVersion").asText(""), r.path("kind").asText(""), r.path("name").asText(""),
                    r.path("uid").asText(""), r.path("controller").asBoolean(false),
                    r.path("blockOwnerDeletion").asBoolean(false)));
        }
        return out;
    }

    /** Upstream's text of an owner's coordinates, as in its events: [v1/ConfigMap, namespace: a, name: b, uid: c]. */
    String describe(String namespace) {
        return "[" + apiVersion + "/" + kind + ", namespace: " + namespace + ", name: " + name + ", uid: " + uid + "]";
    }
}
