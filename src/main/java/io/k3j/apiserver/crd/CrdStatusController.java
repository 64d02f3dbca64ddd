package io.k3j.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.crd.Crd;
import io.k3j.api.crd.CrdStatus;
import io.k3j.apiserver.rest.Json;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * kube-apiserver's naming and establishing controllers for CRDs: accepts names that no other CRD of the group
 * (nor a built-in resource) uses, sets NamesAccepted, and turns Established True once the server actually serves
 * the accepted names ({@link #served}), so a client that waits for Established can use the API right away. Writes
 * the status straight to the store with compare-and-swap; a lost race is settled by the next change event.
 * Event-loop confined.
 */
public final class CrdStatusController {

    private static final Logger LOG = Logger.getLogger(CrdStatusController.class.getName());

    private final Vertx vertx;
    private final Supplier<Store> store;
    private final CrdRegistry registry;
    private final Map<String, CrdStatus.UsedNames> builtinNames;
    private final Set<String> writing = new HashSet<>();
    private Set<String> served = Set.of();
    private boolean retryScheduled;

    public CrdStatusController(Vertx vertx, Supplier<Store> store, CrdRegistry registry,
                               Collection<ResourceDescriptor> builtin) {
        this.vertx = vertx;
        this.store = store;
        this.registry = registry;
        this.builtinNames = builtinNames(builtin);
        registry.listen(this::reconcile);
    }

    /** The API server now serves (discovery, OpenAPI, endpoints) the accepted names of these CRDs. */
    public void served(Set<String> crdNames) {
        served = Set.copyOf(crdNames);
        reconcile(registry.current());
    }

    private void reconcile(CrdRegistry.Snapshot snapshot) {
        for (Crd crd : snapshot.crds().values()) {
            if (!crd.deleting() && !writing.contains(crd.name())) {
                reconcile(crd, snapshot);
            }
        }
    }

    private void reconcile(Crd crd, CrdRegistry.Snapshot snapshot) {
        CrdStatus.UsedNames used = CrdStatus.UsedNames.forGroup(crd, snapshot.crds().values(),
                builtinNames.getOrDefault(crd.group(), new CrdStatus.UsedNames(Set.of(), Set.of())));
        Instant now = Instant.now();
        ObjectNode status = CrdStatus.compute(crd, used, now);
        ObjectNode updated = withStatus(crd.json(), status);
        Crd next = Crd.parse(updated);
        if (served.contains(crd.name()) && next.condition("NamesAccepted") && !next.established()) {
            status = CrdStatus.establish(next, now);
        }
        JsonNode old = crd.json().path("status");
        if (!status.equals(old)) {
            write(crd, withStatus(crd.json(), status));
        }
    }

    private void write(Crd crd, ObjectNode obj) {
        long revision = obj.path("metadata").path("resourceVersion").asLong(0);
        ObjectNode stored = obj.deepCopy();
        ((ObjectNode) stored.get("metadata")).remove("resourceVersion");
        writing.add(crd.name());
        store.get().update(CrdStoreFeed.PREFIX + crd.name(), Json.bytes(stored), revision).onComplete(ar -> {
            writing.remove(crd.name());
            if (ar.failed() && !(ar.cause() instanceof StoreException.Conflict)
                    && !(ar.cause() instanceof StoreException.NotFound)) {
                LOG.log(Level.WARNING, "cannot update CRD status", new Object[]{"crd", crd.name(), "error", ar.cause().toString()});
                retryLater();
            }
        });
    }

    private void retryLater() {
        if (!retryScheduled) {
            retryScheduled = true;
            vertx.setTimer(1000, t -> {
                retryScheduled = false;
                reconcile(registry.current());
            });
        }
    }

    private static ObjectNode withStatus(JsonNode crd, ObjectNode status) {
        ObjectNode copy = ((ObjectNode) crd).deepCopy();
        copy.set("status", status);
        return copy;
    }

    /** Names built-in resources hold in each group, so a CRD cannot shadow them. */
    private static Map<String, CrdStatus.UsedNames> builtinNames(Collection<ResourceDescriptor> builtin) {
        Map<String, Set<String>> resources = new HashMap<>();
        Map<String, Set<String>> kinds = new HashMap<>();
        for (ResourceDescriptor d : builtin) {
            Set<String> r = resources.computeIfAbsent(d.group(), g -> new HashSet<>());
            r.add(d.resource());
            r.add(d.singularName());
            r.addAll(d.shortNames());
            Set<String> k = kinds.computeIfAbsent(d.group(), g -> new HashSet<>());
            k.add(d.kind());
            if (d.listKind() != null) {
                k.add(d.listKind());
            }
        }
        Map<String, CrdStatus.UsedNames> out = new HashMap<>();
        resources.forEach((g, r) -> out.put(g, new CrdStatus.UsedNames(r, kinds.get(g))));
        return out;
    }
}
