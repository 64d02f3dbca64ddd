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
    private volatile Map<String, ResourceDescriptor> byKind;

    public ResourceCatalog(Collection<ResourceDescriptor> resources) {
        update(resources);
    }

    public Optional<ResourceDescriptor> find(String group, String version, String resource) {
        return Optional.ofNullable(byPath.get(group + "/" + version + "/" + resource));
    }

    /** The resource serving a kind in a group version (the first one, for kinds served twice). */
    public Optional<ResourceDescriptor> findKind(String group, String version, String kind) {
        return Optional.ofNullable(byKind.get(group + "/" + version + "/" + kind));
    }

    /** Replaces the served set (built-in resources plus those of established CRDs). */
    public void update(Collection<ResourceDescriptor> resources) {
        Map<String, ResourceDescriptor> next = new HashMap<>();
        Map<String, ResourceDescriptor> kinds = new HashMap<>();
        for (ResourceDescriptor d : resources) {
            next.put(d.group() + "/" + d.version() + "/" + d.resource(), d);
            kinds.putIfAbsent(d.group() + "/" + d.version() + "/" + d.kind(), d);
        }
        byKind = Map.copyOf(kinds);
        byPath = Map.copyOf(next);
    }
}
