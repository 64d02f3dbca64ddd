package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;

/** Group ("" for core), version and Kind of an object. */
public record GroupVersionKind(String group, String version, String kind) {

    /** From an object's {@code apiVersion} ("v1" or "apps/v1") and {@code kind}. */
    public static GroupVersionKind of(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return slash < 0
                ? new GroupVersionKind("", apiVersion, kind)
                : new GroupVersionKind(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
    }

    public static GroupVersionKind of(JsonNode object) {
        return of(object.path("apiVersion").asText(""), object.path("kind").asText(""));
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
