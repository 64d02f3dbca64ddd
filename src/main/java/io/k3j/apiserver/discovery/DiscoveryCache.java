package io.k3j.apiserver.discovery;

import io.k3j.api.ResourceDescriptor;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the current {@link DiscoveryDocuments} and rebuilds them only when the resource set changes. Readers on
 * any thread get an immutable snapshot; writers (the CRD controller) call {@link #update}.
 */
public final class DiscoveryCache {

    private record State(Set<ResourceDescriptor> resources, DiscoveryDocuments documents) {
    }

    private final String serverAddress;
    private final AtomicReference<State> state = new AtomicReference<>();

    public DiscoveryCache(Collection<ResourceDescriptor> initial, String serverAddress) {
        this.serverAddress = serverAddress;
        update(initial);
    }

    public DiscoveryDocuments current() {
        return state.get().documents();
    }

    /** Installs a new resource snapshot; returns true when the documents were rebuilt. */
    public boolean update(Collection<ResourceDescriptor> resources) {
        Set<ResourceDescriptor> set = Set.copyOf(resources);
        while (true) {
            State old = state.get();
            if (old != null && old.resources().equals(set)) {
                return false;
            }
            State next = new State(set, DiscoveryDocuments.build(set, serverAddress));
            if (state.compareAndSet(old, next)) {
                return true;
            }
        }
    }
}
