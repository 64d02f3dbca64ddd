package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * POST pods/{name}/eviction (policy/v1 or v1beta1 Eviction): deletes the pod if its PodDisruptionBudget allows
 * one more disruption, charging the budget first (a compare-and-swap on the budget's status, recording the pod
 * in disruptedPods so the disruption controller does not count it healthy meanwhile). A blocked eviction answers
 * 429, which clients such as {@code kubectl drain} retry. Pods that cost no budget (see {@link EvictionRules})
 * are deleted straight away.
 */
final class PodEviction {

    /** Budget writes race with the disruption controller and other evictions; upstream retries conflicts too. */
    private static final int BUDGET_ATTEMPTS = 5;

    private final Supplier<Store> store;
    private final WriteHandler writes;
    private final ResourceDescriptor budgets;

    PodEviction(Supplier<Store> store, ResourceCatalog catalog, WriteHandler writes) {
        this.store = store;
        this.writes = writes;
        this.budgets = catalog.find("policy", "v1", "poddisruptionbudgets").orElseThrow();
    }

    /** {@code r} addresses the pod (resource pods, subresource eviction). */
    Future<?> evict(RestRequest r) {
        byte[] bytes = RestRequest.bodyBytes(r.ctx());
        if (bytes == null) {
            throw ApiError.badRequest("the request body is empty");
        }
        ObjectNode eviction = r.decode(bytes, new GroupVersionKind("policy", "v1", "Eviction"));
        io.k3j.auth.audit.AuditContext.recordRequestObject(r.ctx(), eviction);
        String bodyName = eviction.path("metadata").path("name").asText("");
        if (!bodyName.equals(r.info().name())) {
            throw ApiError.badRequest("name in URL does not match name in Eviction object");
        }
        ObjectNode opts = eviction.path("deleteOptions").isObject()
                ? ((ObjectNode) eviction.get("deleteOptions")).deepCopy() : Json.MAPPER.createObjectNode();
        boolean dryRun = r.dryRun() || opts.path("dryRun").toString().contains("All");
        io.k3j.admission.AdmissionRequest a = writes.admission().request(r, io.k3j.admission.Operation.CREATE, "Eviction",
                r.info().name(), eviction, null, null);
        return writes.admission().mutate(r, a).compose(v -> writes.admission().validate(r, a))
                .compose(v -> store.get().get(r.key())).compose(res -> {
            KeyValue pod = r.live(res.kv());
            ObjectNode obj = Json.stored(pod.value());
            if (EvictionRules.canIgnoreBudget(obj)) {
                return delete(r, pod, opts, dryRun);
            }
            return matchingBudgets(r.namespace(), obj).compose(found -> {
                if (found.isEmpty()) {
                    return delete(r, pod, opts, dryRun);
                }
                if (found.size() > 1) {
                    return Future.failedFuture(new ApiError(500, "InternalError", EvictionRules.MULTIPLE_BUDGETS, null));
                }
                ObjectNode pdb = Json.stored(found.getFirst().value());
                if (EvictionRules.unhealthyMayGo(obj, pdb)) {
                    return delete(r, pod, opts, dryRun);
                }
                return charge(found.getFirst().key(), r.info().name(), dryRun, BUDGET_ATTEMPTS)
                        .compose(v -> delete(r, pod, opts, dryRun));
            });
        }).map(v -> {
            ResourceHandler.send(r.ctx(), 201, Json.MAPPER.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                    .<ObjectNode>set("metadata", Json.MAPPER.createObjectNode()).put("status", "Success").put("code", 201));
            return null;
        });
    }

    /** The pod as it was read: the delete is a compare-and-swap on it, so a pod changed since the check conflicts. */
    private Future<Void> delete(RestRequest r, KeyValue pod, ObjectNode opts, boolean dryRun) {
        if (dryRun) {
            return Future.succeededFuture();
        }
        return writes.deleteRead(r, pod, opts).<Void>mapEmpty().recover(e -> Future.failedFuture(
                e instanceof StoreException.Conflict ? ApiError.conflict("pods", "", r.info().name()) : e));
    }

    /**
     * The budgets in the pod's namespace whose selector matches it. As upstream, an empty (or unparsable)
     * selector matches nothing here.
     */
    private Future<List<KeyValue>> matchingBudgets(String namespace, ObjectNode pod) {
        return store.get().range(StorageKeys.listPrefix(budgets, namespace), null, 0, 0).map(res -> {
            List<KeyValue> out = new ArrayList<>();
            JsonNode labels = pod.path("metadata").path("labels");
            for (KeyValue kv : res.kvs()) {
                ObjectNode pdb = Json.stored(kv.value());
                LabelSelector sel;
                try {
                    sel = LabelSelector.fromJson(pdb.path("spec").get("selector"));
                } catch (SelectorException e) {
                    continue;
                }
                if (!sel.isEmpty() && !sel.isNothing() && sel.matches(labels)) {
                    out.add(kv);
                }
            }
            return out;
        });
    }

    /** Re-reads the budget and charges it, retrying when another writer got there first. */
    private Future<Void> charge(String key, String podName, boolean dryRun, int attemptsLeft) {
        return store.get().get(key).compose(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                return Future.succeededFuture(); // the budget went away meanwhile: nothing left to honour
            }
            ObjectNode pdb = Json.stored(kv.value());
            EvictionRules.charge(pdb, podName, Instant.now(), dryRun);
            if (dryRun) {
                return Future.succeededFuture();
            }
            return store.get().update(key, Json.bytes(pdb), kv.modRevision()).<Void>mapEmpty().recover(e -> {
                if (e instanceof StoreException.Conflict && attemptsLeft > 1) {
                    return charge(key, podName, false, attemptsLeft - 1);
                }
                return Future.failedFuture(e instanceof StoreException.Conflict
                        ? ApiError.conflict("poddisruptionbudgets", "policy", pdb.path("metadata").path("name").asText()) : e);
            });
        });
    }
}
