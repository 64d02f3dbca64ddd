package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.auth.rbac.BootstrapPolicy;
import io.k3j.auth.rbac.BootstrapReconciler;
import io.k3j.auth.rbac.ClusterRoleAggregation;
import io.k3j.auth.rbac.RbacIndex;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

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
 * <p>Cheap on a restart: four range reads, then a write only for the objects whose reconciled form differs from
 * what is stored (none, usually). The aggregated defaults (admin, edit, view …) are created with their rules
 * already aggregated from the other defaults, so users bound to them can act before the aggregation controller's
 * first pass; the controller owns those rules afterwards.
 */
public final class RbacBootstrap {

    private static final Logger LOG = Logger.getLogger(RbacBootstrap.class.getName());
    private static final String GROUP = "rbac.authorization.k8s.io";
    /** Attempts per object when someone else writes it meanwhile. */
    private static final int ATTEMPTS = 5;

    private final Store store;
    private final ResourceCatalog catalog;

    /** What one run did, for the log and tests. */
    public record Outcome(int created, int updated, int recreated, int unchanged, int protectedObjects) {
    }

    private RbacBootstrap(Store store, ResourceCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    public static Future<Outcome> reconcile(Store store, ResourceCatalog catalog) {
        return new RbacBootstrap(store, catalog).run();
    }

    private Future<Outcome> run() {
        long t0 = System.nanoTime();
        List<ObjectNode> defaults = defaults();
        List<String> resources = List.of("clusterroles", "clusterrolebindings", "roles", "rolebindings");
        List<Future<Map<String, KeyValue>>> reads = new ArrayList<>();
        for (String r : resources) {
            reads.add(store.range(StorageKeys.resourcePrefix(GROUP, r), null, 0, 0).map(range -> {
                Map<String, KeyValue> byKey = new HashMap<>();
                range.kvs().forEach(kv -> byKey.put(kv.key(), kv));
                return byKey;
            }));
        }
        return Future.all(reads).compose(all -> {
            Map<String, KeyValue> stored = new HashMap<>();
            for (int i = 0; i < resources.size(); i++) {
                stored.putAll(all.<Map<String, KeyValue>>resultAt(i));
            }
            int[] counts = new int[5];
            List<Future<?>> writes = new ArrayList<>();
            for (ObjectNode expected : defaults) {
                ResourceDescriptor d = descriptor(expected);
                String key = key(d, expected);
                writes.add(reconcileOne(d, key, expected, stored.get(key), ATTEMPTS)
                        .map(op -> count(counts, op)));
            }
            return Future.all(writes).map(v -> {
                Outcome o = new Outcome(counts[0], counts[1], counts[2], counts[3], counts[4]);
                LOG.log(o.created() + o.updated() + o.recreated() > 0 ? Level.INFO : Level.FINE, "RBAC bootstrap policy reconciled",
                        new Object[]{"created", o.created(), "updated", o.updated(), "recreated", o.recreated(),
                                "ms", (System.nanoTime() - t0) / 1_000_000});
                return o;
            });
        });
    }

    /** The bootstrap objects in reconcile order, aggregated ClusterRoles carrying their settled rules. */
    static List<ObjectNode> defaults() {
        List<ObjectNode> out = new ArrayList<>(ClusterRoleAggregation.settle(BootstrapPolicy.clusterRoles()));
        out.addAll(BootstrapPolicy.clusterRoleBindings());
        out.addAll(BootstrapPolicy.roles());
        out.addAll(BootstrapPolicy.roleBindings());
        return out;
    }

    /** What was done to one object; the ordinal indexes the counts of an {@link Outcome}. */
    private enum Done { CREATED, UPDATED, RECREATED, UNCHANGED, PROTECTED }

    private static Void count(int[] counts, Done done) {
        counts[done.ordinal()]++;
        return null;
    }

    /**
     * Reconciles one object against its stored version. A lost compare-and-swap re-reads and tries again.
     */
    private Future<Done> reconcileOne(ResourceDescriptor d, String key, ObjectNode expected, KeyValue kv, int attempts) {
        boolean live = kv != null && !kv.tombstone();
        BootstrapReconciler.Result r = BootstrapReconciler.reconcile(live ? Json.stored(kv.value()) : null, expected);
        Future<?> write = switch (r.operation()) {
            case NONE -> Future.succeededFuture();
            case CREATE -> create(d, key, r.object());
            case UPDATE -> store.update(key, Json.bytes(r.object()), kv.modRevision());
            case RECREATE -> store.delete(key, kv.modRevision()).compose(w -> create(d, key, r.object()));
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
                return store.get(key).compose(res -> reconcileOne(d, key, expected, res.kv(), attempts - 1));
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
