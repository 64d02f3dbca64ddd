package io.k3j.controller.rbac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.selector.SelectorException;
import io.k3j.auth.rbac.ClusterRoleAggregation;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.vertx.core.Future;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's clusterrole-aggregation controller: a ClusterRole with an {@code aggregationRule} gets, as its
 * {@code rules}, the rules of every ClusterRole its selectors match ({@link ClusterRoleAggregation}). Any
 * ClusterRole change re-checks every aggregated role (a label or rule change anywhere may matter); chains such as
 * view → edit → admin settle as each write comes back as a change. Rules are written by server-side apply with
 * field manager {@code clusterrole-aggregation-controller}, forced, as upstream.
 */
public final class ClusterRoleAggregationController implements Controller {

    private static final Logger LOG = Logger.getLogger(ClusterRoleAggregationController.class.getName());
    static final GroupVersionResource CLUSTER_ROLES = new GroupVersionResource("rbac.authorization.k8s.io", "v1",
            "clusterroles");

    private ControllerContext ctx;
    private Informer roles;
    private WorkQueue queue;

    @Override
    public String name() {
        return "clusterrole-aggregation";
    }

    @Override
    public void start(ControllerContext ctx) {
        this.ctx = ctx;
        roles = ctx.informers().of(CLUSTER_ROLES);
        queue = new WorkQueue(ctx.vertx(), name(), 1, this::reconcile);
        roles.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                enqueueAggregated();
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                enqueueAggregated();
            }

            @Override
            public void onDelete(ObjectNode obj) {
                enqueueAggregated();
            }
        });
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private void enqueueAggregated() {
        for (ObjectNode r : roles.list()) {
            if (ClusterRoleAggregation.isAggregated(r)) {
                queue.add(Informer.keyOf(r));
            }
        }
    }

    Future<?> reconcile(String name) {
        if (!roles.hasSynced()) {
            // The cache fills one object at a time: aggregating from half of it would write half the rules.
            roles.synced().onSuccess(v -> queue.add(name));
            return Future.succeededFuture();
        }
        ObjectNode role = roles.get(name);
        if (role == null) {
            return Future.succeededFuture();
        }
        Optional<ObjectNode> updated;
        try {
            updated = ClusterRoleAggregation.update(role, roles.list());
        } catch (SelectorException e) {
            // Upstream fails the sync; a retry cannot help until the role changes, which re-queues it anyway.
            LOG.log(Level.FINE, "invalid aggregation selector", new Object[]{"clusterrole", name, "error", e.getMessage()});
            return Future.succeededFuture();
        }
        if (updated.isEmpty()) {
            return Future.succeededFuture();
        }
        ObjectNode apply = applyConfiguration(name, updated.get());
        return ctx.client().apply(CLUSTER_ROLES, "", apply,
                        WriteOptions.manager(ClusterRoleAggregation.FIELD_MANAGER).forced())
                .recover(e -> e instanceof KubeApiException k && k.notFound()
                        ? Future.succeededFuture() : Future.failedFuture(e));
    }

    /** Only what this controller owns: the rules. */
    static ObjectNode applyConfiguration(String name, ObjectNode updated) {
        ObjectNode apply = updated.objectNode();
        apply.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "ClusterRole");
        apply.putObject("metadata").put("name", name);
        apply.set("rules", updated.path("rules").deepCopy());
        return apply;
    }
}
