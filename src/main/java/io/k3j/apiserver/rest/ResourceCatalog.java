package io.k3j.apiserver.rest;

import io.k3j.api.ResourceDescriptor;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Served resources by group, version and plural name. Each snapshot is immutable; {@link #update} swaps in a
 * new one when CRDs change, so every holder of the catalog sees the change at once.
 */
public final class ResourceCatalog {

    private volatile Map<String, ResourceDescriptor> byPath;

    public ResourceCatalog(Collection<ResourceDescriptor> resources) {
        update(resources);
    }

    public Optional<ResourceDescriptor> find(String group, String version, String resource) {
        return Optional.ofNullable(byPath.get(group + "/" + version + "/" + resource));
    }

    /** Replaces the served set (built-in resources plus those of established CRDs). */
    public void update(Collection<ResourceDescriptor> resources) {
        Map<String, ResourceDescriptor> next = new HashMap<>();
        for (ResourceDescriptor d : resources) {
            next.put(d.group() + "/" + d.version() + "/" + d.resource(), d);
        }
        byPath = Map.copyOf(next);
    }
}
