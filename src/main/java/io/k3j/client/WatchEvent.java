package io.k3j.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One event of a watch stream: ADDED, MODIFIED, DELETED or BOOKMARK, and the object. */
public record WatchEvent(Type type, ObjectNode object) {

    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK }

    public String resourceVersion() {
        return object.path("metadata").path("resourceVersion").asText("");
    }
}
