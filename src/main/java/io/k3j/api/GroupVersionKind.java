package io.k3j.api;

import java.util.Objects;

/** A kind within an API group version; the core group is the empty string. */
public record GroupVersionKind(String group, String version, String kind) {

    public GroupVersionKind {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
    }

    /** The wire form of {@code apiVersion}: {@code v1} for core, {@code apps/v1} otherwise. */
    public String apiVersion() {
        return GroupVersionResource.apiVersion(group, version);
    }

    @Override
    public String toString() {
        return apiVersion() + ", Kind=" + kind;
    }
}
