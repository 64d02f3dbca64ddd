package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.GroupVersionKind;

/** Reads an object's kind from its own {@code apiVersion} and {@code kind} fields. */
final class Kinds {

    private Kinds() {
    }

    static GroupVersionKind of(JsonNode object) {
        return of(object.path("apiVersion").asText(""), object.path("kind").asText(""));
    }

    /** "v1" is the core group; "apps/v1" names group and version. */
    static GroupVersionKind of(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return slash < 0
                ? new GroupVersionKind("", apiVersion, kind)
                : new GroupVersionKind(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
    }
}
