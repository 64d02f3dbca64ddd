package io.k3j.api;

import java.util.List;

/**
 * A subresource such as {@code status} or {@code scale}. {@code group} and {@code version} are null when the
 * subresource speaks its parent's group version (discovery then omits them); they are set when the body is a
 * kind from elsewhere, e.g. {@code pods/eviction} → policy/v1 Eviction.
 */
public record SubresourceDescriptor(String name, String group, String version, String kind, List<String> verbs) {

    public SubresourceDescriptor {
        verbs = List.copyOf(verbs);
    }

    /** A subresource whose body is the parent's own kind ({@code status}, {@code ephemeralcontainers}, …). */
    public static SubresourceDescriptor sameKind(String name, String kind, List<String> verbs) {
        return new SubresourceDescriptor(name, null, null, kind, verbs);
    }

    public boolean hasOwnGroupVersion() {
        return group != null;
    }

    /** The kind the subresource answers with, resolving an inherited group version against the parent. */
    public GroupVersionKind responseKind(ResourceDescriptor parent) {
        return hasOwnGroupVersion()
                ? new GroupVersionKind(group, version, kind)
                : new GroupVersionKind(parent.group(), parent.version(), kind);
    }
}
