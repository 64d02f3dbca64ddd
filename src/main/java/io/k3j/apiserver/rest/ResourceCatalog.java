package io.k3j.apiserver.rest;

import io.k3j.api.ResourceDescriptor;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Served resources by group, version and plural name. Immutable; a new one replaces it when CRDs change. */
public final class ResourceCatalog {

    private final Map<String, ResourceDescriptor> byPath = new HashMap<>();

    public ResourceCatalog(Collection<ResourceDescriptor> resources) {
        for (ResourceDescriptor d : resources) {
            byPath.put(d.group() + "/" + d.version() + "/" + d.resource(), d);
        }
    }

    public Optional<ResourceDescriptor> find(String group, String version, String resource) {
        return Optional.ofNullable(byPath.get(group + "/" + version + "/" + resource));
    }
}
