package io.k3j.api;

import java.util.Objects;

/** A resource (lower-case plural) within an API group version; the core group is the empty string. */
public record GroupVersionResource(String group, String version, String resource) {

    public GroupVersionResource {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(resource, "resource");
    }

    public String apiVersion() {
        return apiVersion(group, version);
    }

    /** {@code v1} for the core group, {@code <group>/<version>} otherwise. */
    public static String apiVersion(String group, String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The URL prefix that serves this group version: {@code /api/v1} or {@code /apis/<g>/<v>}. */
    public static String pathPrefix(String group, String version) {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    @Override
    public String toString() {
        return resource + "." + version + "." + group;
    }
}
