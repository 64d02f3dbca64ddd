package io.k3j.admission.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.match.ExemptResources;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current webhooks of one configuration resource, read from the watch cache through the lookup. The cache hands
 * out the same read-only object until it changes, so configurations are parsed only when their object is new; a
 * request whose configurations are unchanged costs one cache list and an identity check per configuration.
 * Configurations are ordered by name, as upstream orders them.
 */
final class WebhookSource {

    private final AdmissionLookup lookup;
    private final String resource;
    /** Parsed webhooks by the configuration object they came from, and all of them in order. */
    private record Snapshot(Map<ObjectNode, List<WebhookSpec>> parsed, List<WebhookSpec> all) {
    }

    /* Shared by every event loop of the API server: an immutable snapshot swapped atomically, no locks. */
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(Map.of(), List.of()));

    WebhookSource(AdmissionLookup lookup, String resource) {
        this.lookup = lookup;
        this.resource = resource;
    }

    static WebhookSource mutating(AdmissionLookup lookup) {
        return new WebhookSource(lookup, "mutatingwebhookconfigurations");
    }

    static WebhookSource validating(AdmissionLookup lookup) {
        return new WebhookSource(lookup, "validatingwebhookconfigurations");
    }

    Future<List<WebhookSpec>> webhooks() {
        return lookup.list(ExemptResources.GROUP, resource, "").map(this::refresh);
    }

    private List<WebhookSpec> refresh(List<ObjectNode> configs) {
        Snapshot last = snapshot.get();
        if (configs.size() == last.parsed().size() && configs.stream().allMatch(last.parsed()::containsKey)) {
            return last.all();
        }
        Map<ObjectNode, List<WebhookSpec>> next = new IdentityHashMap<>();
        for (ObjectNode c : configs) {
            List<WebhookSpec> hooks = last.parsed().get(c);
            next.put(c, hooks != null ? hooks : WebhookSpec.fromConfiguration(c));
        }
        List<ObjectNode> ordered = new ArrayList<>(configs);
        ordered.sort(Comparator.comparing(c -> c.path("metadata").path("name").asText()));
        List<WebhookSpec> all = new ArrayList<>();
        ordered.forEach(c -> all.addAll(next.get(c)));
        Snapshot fresh = new Snapshot(Collections.unmodifiableMap(next), List.copyOf(all));
        snapshot.set(fresh); // a concurrent refresh may win; both snapshots are correct for their list
        return fresh.all();
    }
}
