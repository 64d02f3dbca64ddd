package io.k3j.controller.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.WorkQueue;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.EventRecorder;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;

/**
 * Upstream's taint eviction controller (the NoExecute taint manager): a pod on a node with a NoExecute taint it
 * does not tolerate is deleted at once; one it tolerates for {@code tolerationSeconds} is deleted that long after
 * the taint was added; one it tolerates without a limit stays. Owners (ReplicaSets …) then replace the pods.
 */
public final class TaintEvictionController implements Controller {

    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final String BY_NODE = "spec.nodeName";

    private ControllerContext ctx;
    private Informer nodes;
    private Informer pods;
    private WorkQueue queue;
    private EventRecorder events;

    @Override
    public String name() {
        return "taint-eviction-controller";
    }

    @Override
    public void start(ControllerContext ctx) {
        this.ctx = ctx;
        this.events = ctx.recorder("taint-eviction-controller");
        nodes = ctx.informers().of(NodeLifecycleController.NODES);
        pods = ctx.informers().of(PODS);
        pods.addIndexer(BY_NODE, p -> List.of(p.path("spec").path("nodeName").asText("")));
        queue = new WorkQueue(ctx.vertx(), name(), 8, this::reconcile);
        nodes.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                enqueuePodsOf(obj);
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                if (!o.path("spec").path("taints").equals(n.path("spec").path("taints"))) {
                    enqueuePodsOf(n);
                }
            }
        });
        pods.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                queue.add(Informer.keyOf(obj));
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                if (!o.path("spec").path("nodeName").equals(n.path("spec").path("nodeName"))
                        || !o.path("spec").path("tolerations").equals(n.path("spec").path("tolerations"))) {
                    queue.add(Informer.keyOf(n));
                }
            }
        });
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private void enqueuePodsOf(ObjectNode node) {
        for (ObjectNode p : pods.byIndex(BY_NODE, node.path("metadata").path("name").asText())) {
            queue.add(Informer.keyOf(p));
        }
    }

    private Future<?> reconcile(String key) {
        ObjectNode pod = pods.get(key);
        if (pod == null || pod.path("metadata").has("deletionTimestamp")) {
            return Future.succeededFuture();
        }
        String nodeName = pod.path("spec").path("nodeName").asText("");
        ObjectNode node = nodeName.isEmpty() ? null : nodes.get(nodeName);
        if (node == null) {
            return Future.succeededFuture();
        }
        long now = ctx.clock().millis();
        long evictAt = Long.MIN_VALUE; // none yet
        boolean any = false;
        for (JsonNode taint : node.path("spec").path("taints")) {
            if (!"NoExecute".equals(taint.path("effect").asText())) {
                continue;
            }
            any = true;
            Long seconds = Tolerations.tolerationSeconds(pod.path("spec").path("tolerations"), taint);
            long added = taint.has("timeAdded") ? Instant.parse(taint.path("timeAdded").asText()).toEpochMilli() : now;
            long at;
            if (seconds == null) {
                at = now; // not tolerated: evict at once
            } else if (seconds == Long.MAX_VALUE) {
                continue; // tolerated forever
            } else {
                at = added + Math.max(0, seconds) * 1000;
            }
            evictAt = evictAt == Long.MIN_VALUE ? at : Math.min(evictAt, at);
        }
        if (!any || evictAt == Long.MIN_VALUE) {
            return Future.succeededFuture();
        }
        if (evictAt > now) {
            queue.addAfter(key, evictAt - now);
            return Future.succeededFuture();
        }
        var meta = pod.path("metadata");
        events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + key);
        return ctx.client().delete(PODS, meta.path("namespace").asText(), meta.path("name").asText(),
                DeleteOptions.DEFAULT.withPreconditions(meta.path("uid").asText(), ""))
                .recover(e -> e instanceof KubeApiException k && (k.notFound() || k.conflict())
                        ? Future.succeededFuture() : Future.failedFuture(e));
    }
}
