package io.k3j.controller.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.k3j.controller.support.Resources.PODS;

/**
 * Upstream's disruption controller: keeps each PodDisruptionBudget's status (expected, desired and healthy pod
 * counts, disruptionsAllowed, the DisruptionAllowed condition) in step with the pods its selector matches, and
 * drops disruptedPods entries the eviction subresource wrote once they are confirmed or expired. Keyed by the
 * budget's "namespace/name"; pod changes enqueue the budgets that match the pod.
 */
public final class DisruptionController implements Controller {

    public static final String NAME = "disruption";
    static final GroupVersionResource PDBS = new GroupVersionResource("policy", "v1", "poddisruptionbudgets");
    static final GroupVersionResource REPLICASETS = new GroupVersionResource("apps", "v1", "replicasets");

    private static final WriteOptions WRITE = WriteOptions.manager("kube-controller-manager");

    private KubeClient client;
    private Clock clock;
    private Informer budgets;
    private Informer pods;
    private Informer replicaSets;
    private WorkQueue queue;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        client = ctx.client();
        clock = ctx.clock();
        budgets = ctx.informers().of(PDBS);
        pods = ctx.informers().of(PODS);
        replicaSets = ctx.informers().of(REPLICASETS);
        queue = new WorkQueue(ctx.vertx(), NAME, 2, this::sync);
        budgets.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode pdb) {
                queue.add(Informer.keyOf(pdb));
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode pdb) {
                queue.add(Informer.keyOf(pdb));
            }
        });
        pods.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode pod) {
                enqueueBudgetsOf(pod);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode pod) {
                enqueueBudgetsOf(old);
                enqueueBudgetsOf(pod);
            }

            @Override
            public void onDelete(ObjectNode pod) {
                enqueueBudgetsOf(pod);
            }
        });
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private void enqueueBudgetsOf(ObjectNode pod) {
        for (ObjectNode pdb : budgets.list(Meta.namespace(pod))) {
            if (selector(pdb).matches(pod.path("metadata").path("labels"))) {
                queue.add(Informer.keyOf(pdb));
            }
        }
    }

    /** A budget's selector for counting pods: a missing one (or one that does not parse) selects nothing. */
    private static LabelSelector selector(JsonNode pdb) {
        try {
            return LabelSelector.fromJson(pdb.path("spec").get("selector"));
        } catch (SelectorException e) {
            return LabelSelector.nothing();
        }
    }

    private Future<?> sync(String key) {
        ObjectNode pdb = budgets.get(key);
        if (pdb == null || Meta.deleting(pdb)) {
            return Future.succeededFuture();
        }
        LabelSelector sel = selector(pdb);
        List<ObjectNode> matched = new ArrayList<>();
        for (ObjectNode pod : pods.list(Meta.namespace(pdb))) {
            if (sel.matches(pod.path("metadata").path("labels"))) {
                matched.add(pod);
            }
        }
        Future<Integer> scale = BudgetMath.needsScale(pdb) ? expectedScale(matched) : Future.succeededFuture(0);
        return scale.compose(s -> {
            Instant now = clock.instant();
            BudgetMath.Budget b = BudgetMath.compute(pdb, matched, s, now);
            if (b.recheckAt() != null) {
                queue.addAfter(key, Math.max(1, Duration.between(now, b.recheckAt()).toMillis() + 1));
            }
            return write(pdb, BudgetMath.status(pdb, b, now));
        }, e -> write(pdb, BudgetMath.failSafe(pdb, e.getMessage(), clock.instant()))
                .compose(v -> Future.failedFuture(e)));
    }

    /** Writes the status unless it already says the same (condition times aside, which only move on change). */
    private Future<?> write(ObjectNode pdb, ObjectNode status) {
        if (status.equals(pdb.path("status"))) {
            return Future.succeededFuture();
        }
        ObjectNode updated = pdb.deepCopy();
        updated.set("status", status);
        return client.updateStatus(PDBS, Meta.namespace(pdb), updated, WRITE).recover(e ->
                e instanceof KubeApiException k && (k.notFound() || k.conflict()) ? Future.succeededFuture() : Future.failedFuture(e));
    }

    /**
     * The summed desired replicas of the controllers owning the pods, each counted once, read from their scale
     * subresource. A ReplicaSet run by a Deployment counts as the Deployment, as upstream. A pod without a
     * controller makes the figure unknowable (upstream's error).
     */
    private Future<Integer> expectedScale(List<ObjectNode> matched) {
        Map<String, JsonNode> controllers = new LinkedHashMap<>();
        for (ObjectNode pod : matched) {
            JsonNode ref = controllerOf(pod);
            if (ref == null) {
                return Future.failedFuture(new IllegalStateException("found no controller ref for pod \"" + Meta.name(pod) + "\""));
            }
            if ("ReplicaSet".equals(ref.path("kind").asText()) && ref.path("apiVersion").asText().startsWith("apps/")) {
                ObjectNode rs = replicaSets.get(Meta.namespace(pod), ref.path("name").asText());
                JsonNode owner = rs == null ? null : controllerOf(rs);
                if (owner != null && "Deployment".equals(owner.path("kind").asText())) {
                    ref = owner;
                }
            }
            controllers.putIfAbsent(ref.path("uid").asText(), withNamespace(ref, Meta.namespace(pod)));
        }
        List<Future<Integer>> scales = new ArrayList<>();
        for (JsonNode ref : controllers.values()) {
            scales.add(scaleOf(ref));
        }
        return Future.all(scales).map(all -> {
            int sum = 0;
            for (int i = 0; i < scales.size(); i++) {
                sum += all.<Integer>resultAt(i);
            }
            return sum;
        });
    }

    private Future<Integer> scaleOf(JsonNode ref) {
        String apiVersion = ref.path("apiVersion").asText();
        String kind = ref.path("kind").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        ResourceDescriptor d = BuiltinResources.all().stream()
                .filter(r -> r.group().equals(group) && r.kind().equals(kind) && r.subresource("scale").isPresent())
                .findFirst().orElse(null);
        if (d == null) {
            return Future.failedFuture(new IllegalStateException("unable to find the scale of " + kind + " \""
                    + ref.path("name").asText() + "\""));
        }
        String base = group.isEmpty() ? "/api/" + apiVersion : "/apis/" + apiVersion;
        String path = base + "/namespaces/" + ref.path("namespace").asText() + "/" + d.resource() + "/"
                + ref.path("name").asText() + "/scale";
        return client.getPath(path).map(scale -> {
            if (!scale.path("metadata").path("uid").asText().equals(ref.path("uid").asText())) {
                throw new IllegalStateException("owner " + kind + " \"" + ref.path("name").asText() + "\" was replaced");
            }
            return scale.path("spec").path("replicas").asInt(0);
        });
    }

    private static JsonNode controllerOf(JsonNode obj) {
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref;
            }
        }
        return null;
    }

    private static JsonNode withNamespace(JsonNode ref, String namespace) {
        return ((ObjectNode) ref.deepCopy()).put("namespace", namespace);
    }
}
