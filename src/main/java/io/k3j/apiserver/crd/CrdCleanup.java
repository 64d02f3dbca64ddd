package io.k3j.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.crd.Crd;
import io.k3j.api.crd.CrdStatus;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.rest.StorageKeys;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * kube-apiserver's CRD finalizer: a CRD being deleted keeps the {@code customresourcecleanup.apiextensions.k8s.io}
 * finalizer until every custom resource of every version is gone. Objects are deleted straight in storage (those
 * with finalizers get a deletionTimestamp and wait for them), the Terminating condition reports progress with
 * upstream's reasons, and the finalizer goes once none remain, which removes the CRD. Re-checks every second
 * while objects remain. Event-loop confined.
 */
public final class CrdCleanup {

    private static final Logger LOG = Logger.getLogger(CrdCleanup.class.getName());
    private static final long RECHECK_MS = 1000;

    private final Vertx vertx;
    private final Supplier<Store> store;
    private final CrdRegistry registry;
    private final Set<String> running = new HashSet<>();

    public CrdCleanup(Vertx vertx, Supplier<Store> store, CrdRegistry registry) {
        this.vertx = vertx;
        this.store = store;
        this.registry = registry;
        registry.listen(this::reconcile);
    }

    private void reconcile(CrdRegistry.Snapshot snapshot) {
        for (Crd crd : snapshot.crds().values()) {
            if (crd.deleting() && crd.finalizers().contains(Crd.CLEANUP_FINALIZER) && running.add(crd.name())) {
                cleanup(crd).onComplete(ar -> {
                    running.remove(crd.name());
                    if (ar.failed()) {
                        LOG.log(Level.FINE, "CRD cleanup did not finish", new Object[]{"crd", crd.name(),
                                "error", String.valueOf(ar.cause())});
                    }
                    if (ar.failed() || !ar.result()) {
                        vertx.setTimer(RECHECK_MS, t -> reconcile(registry.current()));
                    }
                });
            }
        }
    }

    /** True when the CRD is finished (finalizer removed), false to check again later. */
    private Future<Boolean> cleanup(Crd crd) {
        if (!crd.established() && !crd.condition("NamesAccepted")) {
            return finish(crd.name(), "False", "NeverEstablished", "resource was never established");
        }
        String prefix = StorageKeys.resourcePrefix(crd.group(), crd.acceptedNames().plural().isEmpty()
                ? crd.names().plural() : crd.acceptedNames().plural());
        return mutate(crd.name(), obj -> {
            setTerminating(obj, "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress");
            return obj;
        }).compose(v -> deleteAll(prefix)).compose(v -> store.get().count(prefix)).compose(remaining -> remaining > 0
                ? Future.succeededFuture(false)
                : finish(crd.name(), "False", "InstanceDeletionCompleted", "removed all instances"));
    }

    private Future<Void> deleteAll(String prefix) {
        return store.get().range(prefix, null, 0, 0).compose(range -> {
            List<Future<?>> writes = new ArrayList<>();
            for (KeyValue kv : range.kvs()) {
                writes.add(delete(kv).recover(e -> e instanceof StoreException.Conflict
                        || e instanceof StoreException.NotFound ? Future.succeededFuture() : Future.failedFuture(e)));
            }
            return Future.all(writes).mapEmpty();
        });
    }

    /** Deletes one object, honouring its finalizers as a DELETE does: those wait, marked with a deletionTimestamp. */
    private Future<?> delete(KeyValue kv) {
        ObjectNode obj = Json.stored(kv.value());
        JsonNode meta = obj.path("metadata");
        if (meta.path("finalizers").isEmpty()) {
            return store.get().delete(kv.key(), kv.modRevision());
        }
        if (meta.has("deletionTimestamp")) {
            return Future.succeededFuture();
        }
        ObjectNode m = (ObjectNode) meta;
        m.put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("deletionGracePeriodSeconds", 0);
        if (m.has("generation")) {
            m.put("generation", m.path("generation").asLong() + 1);
        }
        return store.get().update(kv.key(), Json.bytes(obj), kv.modRevision());
    }

    private Future<Boolean> finish(String name, String status, String reason, String message) {
        return mutate(name, obj -> {
            setTerminating(obj, status, reason, message);
            ArrayNode kept = Json.MAPPER.createArrayNode();
            obj.path("metadata").path("finalizers").forEach(f -> {
                if (!f.asText().equals(Crd.CLEANUP_FINALIZER)) {
                    kept.add(f);
                }
            });
            ((ObjectNode) obj.get("metadata")).set("finalizers", kept);
            return obj;
        }).map(true);
    }

    /**
     * Reads the CRD, changes it and writes it back with compare-and-swap; a CRD whose last finalizer goes while it
     * is being deleted is removed, as an update through the API would do.
     */
    private Future<Void> mutate(String name, Function<ObjectNode, ObjectNode> change) {
        String key = CrdStoreFeed.PREFIX + name;
        return store.get().get(key).compose(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                return Future.succeededFuture();
            }
            ObjectNode before = Json.stored(kv.value());
            ObjectNode after = change.apply(before.deepCopy());
            if (after.equals(before)) {
                return Future.succeededFuture();
            }
            boolean finalized = after.path("metadata").has("deletionTimestamp")
                    && after.path("metadata").path("finalizers").isEmpty();
            return (finalized ? store.get().delete(key, kv.modRevision())
                    : store.get().update(key, Json.bytes(after), kv.modRevision())).mapEmpty();
        });
    }

    private static void setTerminating(ObjectNode crd, String status, String reason, String message) {
        ObjectNode st = crd.has("status") && crd.get("status").isObject() ? (ObjectNode) crd.get("status")
                : crd.putObject("status");
        CrdStatus.setCondition(st, "Terminating", status, reason, message, Instant.now());
    }
}
