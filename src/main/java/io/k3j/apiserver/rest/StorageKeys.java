package io.k3j.apiserver.rest;

import io.k3j.api.ResourceDescriptor;

/**
 * Where objects live in the store: {@code /registry/<group|core>/<resource>/[<namespace>/]<name>}.
 * Every prefix ends in '/', so one resource's range never includes another's.
 */
public final class StorageKeys {

    private StorageKeys() {
    }

    static String resourcePrefix(ResourceDescriptor d) {
        return resourcePrefix(d.group(), d.resource());
    }

    /** Where every object of a resource lives, whatever its version (custom resources of a CRD included). */
    public static String resourcePrefix(String group, String resource) {
        return "/registry/" + (group.isEmpty() ? "core" : group) + "/" + resource + "/";
    }

    /** The range to list: one namespace, or all of them (namespace empty). */
    static String listPrefix(ResourceDescriptor d, String namespace) {
        return d.namespaced() && !namespace.isEmpty() ? resourcePrefix(d) + namespace + "/" : resourcePrefix(d);
    }

    static String key(ResourceDescriptor d, String namespace, String name) {
        return d.namespaced() ? resourcePrefix(d) + namespace + "/" + name : resourcePrefix(d) + name;
    }
}
