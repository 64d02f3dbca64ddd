package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Controller ownerReferences: who controls an object, and the reference a controller stamps on what it creates. */
final class OwnerRefs {

    private OwnerRefs() {
    }

    /** The ownerReference with controller=true, or null for an orphan. */
    static JsonNode controllerOf(JsonNode obj) {
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref;
            }
        }
        return null;
    }

    /** The controlling owner's UID, or "" for an orphan. */
    static String controllerUid(JsonNode obj) {
        JsonNode ref = controllerOf(obj);
        return ref == null ? "" : ref.path("uid").asText("");
    }

    /** Index values for "objects controlled by UID". */
    static List<String> controllerUidIndex(ObjectNode obj) {
        String uid = controllerUid(obj);
        return uid.isEmpty() ? List.of() : List.of(uid);
    }

    static boolean controlledBy(JsonNode obj, JsonNode owner) {
        return controllerUid(obj).equals(Meta.uid(owner));
    }

    /** The reference a controller puts on its children: controller=true, blockOwnerDeletion=true, as upstream. */
    static ObjectNode controllerRef(JsonNode owner) {
        ObjectNode ref = Meta.MAPPER.createObjectNode();
        ref.put("apiVersion", owner.path("apiVersion").asText()).put("kind", owner.path("kind").asText())
                .put("name", Meta.name(owner)).put("uid", Meta.uid(owner))
                .put("controller", true).put("blockOwnerDeletion", true);
        return ref;
    }

    /** A strategic merge patch adding {@code owner} as controller (merged by uid into ownerReferences). */
    static String adoptPatch(JsonNode owner, JsonNode obj) {
        ObjectNode p = Meta.MAPPER.createObjectNode();
        ObjectNode meta = p.putObject("metadata");
        meta.putArray("ownerReferences").add(controllerRef(owner));
        meta.put("uid", Meta.uid(obj));
        return p.toString();
    }

    /** A strategic merge patch removing {@code owner}'s reference. */
    static String releasePatch(JsonNode owner, JsonNode obj) {
        ObjectNode p = Meta.MAPPER.createObjectNode();
        ObjectNode meta = p.putObject("metadata");
        meta.putArray("ownerReferences").addObject().put("$patch", "delete").put("uid", Meta.uid(owner));
        meta.put("uid", Meta.uid(obj));
        return p.toString();
    }
}
