package io.k3j.apiserver.crd;

import io.k3j.api.ResourceDescriptor;
import io.k3j.api.crd.Crd;
import io.k3j.api.crd.CrdResources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The CustomResourceDefinitions the server knows, and the one place CRD changes enter the API server. Whatever
 * feeds it (today {@link CrdStoreFeed}, a store watch; later an in-process informer) calls {@link #replaceAll},
 * {@link #put} and {@link #remove}; listeners get an immutable {@link Snapshot} after each change. Each CRD's JSON
 * carries {@code metadata.resourceVersion}, as an API object does. Confined to one event loop: no locks.
 */
public final class CrdRegistry {

    /** The CRDs at one moment, by name, and the resources the accepted ones serve. */
    public record Snapshot(Map<String, Crd> crds, List<ResourceDescriptor> served) {

        public Snapshot {
            crds = Map.copyOf(crds);
            served = List.copyOf(served);
        }

    }

    private final Map<String, Crd> crds = new TreeMap<>();
    /** Descriptors per CRD, rebuilt only for CRDs that changed: parsing big schemas on every event would add up. */
    private final Map<String, List<ResourceDescriptor>> served = new TreeMap<>();
    private final List<Consumer<Snapshot>> listeners = new ArrayList<>();
    private Snapshot current = new Snapshot(Map.of(), List.of());

    public void listen(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    public Snapshot current() {
        return current;
    }

    /** A full resync: exactly these CRDs exist. */
    public void replaceAll(Collection<Crd> all) {
        crds.clear();
        served.clear();
        all.forEach(this::store);
        publish();
    }

    /** Applies several changes and notifies once: {@code upserts} first, then {@code removals} (names). */
    public void apply(Collection<Crd> upserts, Collection<String> removals) {
        upserts.forEach(this::store);
        removals.forEach(name -> {
            crds.remove(name);
            served.remove(name);
        });
        publish();
    }

    private void store(Crd crd) {
        Crd old = crds.put(crd.name(), crd);
        if (old == null || !old.json().equals(crd.json())) {
            served.put(crd.name(), CrdResources.of(crd));
        }
    }

    public void put(Crd crd) {
        apply(List.of(crd), List.of());
    }

    public void remove(String name) {
        apply(List.of(), List.of(name));
    }

    private void publish() {
        List<ResourceDescriptor> all = new ArrayList<>();
        served.values().forEach(all::addAll);
        current = new Snapshot(crds, all);
        for (Consumer<Snapshot> l : listeners) {
            l.accept(current);
        }
    }
}
