package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.auth.rbac.BootstrapPolicy;
import io.k3j.auth.rbac.BootstrapReconciler;
import io.k3j.auth.rbac.ClusterRoleAggregation;
import io.k3j.auth.rbac.RbacIndex;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.k3j.store.RangeResult;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * kube-apiserver's RBAC bootstrap, run at every start before the API listens: each default role and binding of
 * {@link BootstrapPolicy} is reconciled with what is stored ({@link BootstrapReconciler}: create what is missing,
 * add missing rules, subjects, labels and annotations, never remove a user's additions, leave objects annotated
 * {@code autoupdate: "false"} alone). Writes go straight to the store, as {@link Bootstrap}'s do.
 *
 * <p>Cheap on a restart: four range reads, then a plan computed on a worker thread in which every object whose
 * stored copy already holds the default (the usual case) is skipped with a plain comparison, and writes only for
 * the rest (none, usually). Aggregated defaults (admin, edit, view …) are created with their rules already
 * aggregated from the other defaults, so users bound to them can act before the aggregation controller's first
 * pass; after that their rules are the controller's, as upstream.
 */
public final class RbacBootstrap {

    private static final Logger LOG = Logger.getLogger(RbacBootstrap.class.getName());
    private static final String GROUP = "rbac.authorization.k8s.io";
    private static final List<String> RESOURCES = List.of("clusterroles", "clusterrolebindings", "roles", "rolebindings");
    /** Attempts per object when someone else writes it meanwhile. */
    private static final int ATTEMPTS = 5;
    private static final BootstrapReconciler.Result UNCHANGED =
            new BootstrapReconciler.Result(BootstrapReconciler.Operation.NONE, null, false);

    private final Vertx vertx;
    private final Store store;
    private final ResourceCatalog catalog;

    /** What one run did, for the log and tests. */
    public record Outcome(int created, int updated, int recreated, int unchanged, int protectedObjects) {
    }

    /** What was done to one object; the ordinal indexes the counts of an {@link Outcome}. */
    private enum Done { CREATED, UPDATED, RECREATED, UNCHANGED, PROTECTED }

    /** One default with its stored version and what reconciling them asks for. */
    private record Step(ResourceDescriptor d, String key, ObjectNode expected, KeyValue stored,
                        BootstrapReconciler.Result result) {
    }

    private RbacBootstrap(Vertx vertx, Store store, ResourceCatalog catalog) {
        this.vertx = vertx;
        this.store = store;
        this.catalog = catalog;
    }

    public static Future<Outcome> reconcile(Vertx vertx, Store store, ResourceCatalog catalog) {
        return new RbacBootstrap(vertx, store, catalog).run();
    }

    private Future<Outcome> run() {
        long t0 = System.nanoTime();
        List<Future<RangeResult>> reads = new ArrayList<>();
        for (String r : RESOURCES) {
            reads.add(store.range(StorageKeys.resourcePrefix(GROUP, r), null, 0, 0));
        }
        return Future.all(reads)
                .compose(all -> vertx.executeBlocking(() -> plan(stored(all)), false))
                .compose(steps -> {
                    int[] counts = new int[Done.values().length];
                    List<Future<?>> writes = new ArrayList<>();
                    for (Step step : steps) {
                        writes.add(apply(step, ATTEMPTS).map(done -> count(counts, done)));
                    }
                    return Future.all(writes).map(v -> {
                        Outcome o = new Outcome(counts[0], counts[1], counts[2], counts[3], counts[4]);
                        LOG.log(o.created() + o.updated() + o.recreated() > 0 ? Level.INFO : Level.FINE,
                                "RBAC bootstrap policy reconciled", new Object[]{"created", o.created(), "updated",
                                        o.updated(), "recreated", o.recreated(), "ms", (System.nanoTime() - t0) / 1_000_000});
                        return o;
                    });
                });
    }

    private static Map<String, KeyValue> stored(CompositeFuture all) {
        Map<String, KeyValue> byKey = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            all.<RangeResult>resultAt(i).kvs().forEach(kv -> byKey.put(kv.key(), kv));
        }
        return byKey;
    }

    /** Every default against its stored copy, in reconcile order (worker thread: parsing and rule coverage). */
    private List<Step> plan(Map<String, KeyValue> stored) {
        List<Step> steps = new ArrayList<>();
        Map<String, ObjectNode> settled = null;
        for (ObjectNode expected : BootstrapPolicy.all()) {
            ResourceDescriptor d = descriptor(expected);
            String key = key(d, expected);
            KeyValue kv = stored.get(key);
            JsonNode existing = live(kv) ? Json.stored(kv.value()) : null;
            if (existing != null && alreadyHolds(existing, expected)) {
                steps.add(new Step(d, key, expected, kv, UNCHANGED));
                continue;
            }
            BootstrapReconciler.Result r = BootstrapReconciler.reconcile(existing, expected);
            if (r.operation() != BootstrapReconciler.Operation.NONE && ClusterRoleAggregation.isAggregated(r.object())
                    && r.operation() != BootstrapReconciler.Operation.UPDATE) {
                if (settled == null) {
                    settled = settledClusterRoles();
                }
                r = withRules(r, settled.get(expected.path("metadata").path("name").asText()));
            }
            steps.add(new Step(d, key, expected, kv, r));
        }
        return steps;
    }

    /**
     * A plain comparison that spares the rule-coverage work for the common case: the stored object already has the
     * default's labels and annotations, its exact rules (an aggregated default has none of its own) and aggregation
     * rule, or its exact roleRef and subjects. When it says no, the reconciler decides.
     */
    static boolean alreadyHolds(JsonNode existing, ObjectNode expected) {
        JsonNode meta = existing.path("metadata");
        if ("false".equals(meta.path("annotations").path(BootstrapPolicy.AUTOUPDATE_ANNOTATION).asText())) {
            return false; // the reconciler reports it as protected
        }
        for (String field : List.of("labels", "annotations")) {
            for (var e : expected.path("metadata").path(field).properties()) {
                if (!meta.path(field).has(e.getKey())) {
                    return false;
                }
            }
        }
        return switch (expected.path("kind").asText()) {
            case RbacIndex.ROLE, RbacIndex.CLUSTER_ROLE -> (expected.path("rules").isEmpty()
                    || existing.path("rules").equals(expected.path("rules")))
                    && existing.path("aggregationRule").equals(expected.path("aggregationRule"));
            default -> existing.path("roleRef").equals(expected.path("roleRef"))
                    && existing.path("subjects").equals(expected.path("subjects"));
        };
    }

    /** The default ClusterRoles with aggregation settled among themselves, by name. */
    private static Map<String, ObjectNode> settledClusterRoles() {
        Map<String, ObjectNode> byName = new HashMap<>();
        for (ObjectNode r : ClusterRoleAggregation.settle(BootstrapPolicy.clusterRoles())) {
            byName.put(r.path("metadata").path("name").asText(), r);
        }
        return byName;
    }

    private static BootstrapReconciler.Result withRules(BootstrapReconciler.Result r, ObjectNode settled) {
        if (settled == null) {
            return r;
        }
        ObjectNode obj = r.object().deepCopy();
        obj.set("rules", settled.path("rules").deepCopy());
        return new BootstrapReconciler.Result(r.operation(), obj, r.protectedObj());
    }

    private static boolean live(KeyValue kv) {
        return kv != null && !kv.tombstone();
    }

    private static Void count(int[] counts, Done done) {
        counts[done.ordinal()]++;
        return null;
    }

    /** Carries out one step; a lost compare-and-swap re-reads and reconciles again. */
    private Future<Done> apply(Step step, int attempts) {
        BootstrapReconciler.Result r = step.result();
        KeyValue kv = step.stored();
        Future<?> write = switch (r.operation()) {
            case NONE -> Future.succeededFuture();
            case CREATE -> create(step.d(), step.key(), r.object());
            case UPDATE -> store.update(step.key(), Json.bytes(r.object()), kv.modRevision());
            case RECREATE -> store.delete(step.key(), kv.modRevision()).compose(w -> create(step.d(), step.key(), r.object()));
        };
        Done done = switch (r.operation()) {
            case NONE -> r.protectedObj() ? Done.PROTECTED : Done.UNCHANGED;
            case CREATE -> Done.CREATED;
            case UPDATE -> Done.UPDATED;
            case RECREATE -> Done.RECREATED;
        };
        return write.map(w -> done).recover(e -> {
            if (attempts > 1 && (e instanceof StoreException.Conflict || e instanceof StoreException.KeyExists
                    || e instanceof StoreException.NotFound)) {
                return store.get(step.key()).compose(res -> {
                    KeyValue now = res.kv();
                    BootstrapReconciler.Result again = BootstrapReconciler.reconcile(
                            live(now) ? Json.stored(now.value()) : null, step.expected());
                    if (again.operation() == BootstrapReconciler.Operation.CREATE
                            && ClusterRoleAggregation.isAggregated(again.object())) {
                        again = withRules(again, settledClusterRoles().get(step.expected().path("metadata").path("name").asText()));
                    }
                    return apply(new Step(step.d(), step.key(), step.expected(), now, again), attempts - 1);
                });
            }
            return Future.failedFuture(e);
        });
    }

    private Future<?> create(ResourceDescriptor d, String key, ObjectNode obj) {
        ObjectNode fresh = obj.deepCopy();
        ObjectMetaRules.forCreate(d, fresh, fresh.path("metadata").path("namespace").asText(""));
        return store.create(key, Json.bytes(fresh));
    }

    private ResourceDescriptor descriptor(ObjectNode obj) {
        String resource = switch (obj.path("kind").asText()) {
            case RbacIndex.CLUSTER_ROLE -> "clusterroles";
            case RbacIndex.CLUSTER_ROLE_BINDING -> "clusterrolebindings";
            case RbacIndex.ROLE -> "roles";
            case RbacIndex.ROLE_BINDING -> "rolebindings";
            default -> throw new IllegalArgumentException("not an RBAC object: " + obj.path("kind"));
        };
        return catalog.find(GROUP, "v1", resource).orElseThrow();
    }

    private static String key(ResourceDescriptor d, ObjectNode obj) {
        return StorageKeys.key(d, obj.path("metadata").path("namespace").asText(""),
                obj.path("metadata").path("name").asText(""));
    }
}
