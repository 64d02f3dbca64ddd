package io.k3j.controller.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.Informer;
import io.k3j.client.PatchType;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.EventRecorder;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's node lifecycle controller: a node whose kubelet has not renewed its Lease (nor posted status) within
 * the grace period (40 s) gets its conditions set to Unknown ("Kubelet stopped posting node status.") and the
 * {@code node.kubernetes.io/unreachable} NoSchedule and NoExecute taints; a node reporting Ready=False gets the
 * {@code not-ready} taints; a node Ready again loses them. The taint eviction controller acts on the NoExecute taints.
 */
public final class NodeLifecycleController implements Controller {

    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    static final GroupVersionResource LEASES = new GroupVersionResource("coordination.k8s.io", "v1", "leases");
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    private static final ObjectMapper M = new ObjectMapper();
    private static final String MANAGER = "node-lifecycle-controller";

    private final long gracePeriodMs;
    private final long monitorPeriodMs;
    /** Per node: the last heartbeat seen (lease renewTime or Ready heartbeat) and when we saw it change, on our clock. */
    private final Map<String, String> lastHeartbeat = new HashMap<>();
    private final Map<String, Long> observedAt = new HashMap<>();
    private ControllerContext ctx;
    private Informer nodes;
    private Informer leases;
    private WorkQueue queue;
    private EventRecorder events;
    private long timer = -1;

    public NodeLifecycleController() {
        this(40_000, 5_000);
    }

    public NodeLifecycleController(long gracePeriodMs, long monitorPeriodMs) {
        this.gracePeriodMs = gracePeriodMs;
        this.monitorPeriodMs = monitorPeriodMs;
    }

    @Override
    public String name() {
        return "node-lifecycle";
    }

    @Override
    public void start(ControllerContext ctx) {
        this.ctx = ctx;
        this.events = ctx.recorder("node-controller");
        nodes = ctx.informers().of(NODES);
        leases = ctx.informers().of(LEASES);
        queue = new WorkQueue(ctx.vertx(), name(), 4, this::reconcile);
        nodes.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                queue.add(Informer.keyOf(obj));
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                queue.add(Informer.keyOf(n));
            }
        });
        // Every monitor period each node is looked at again: silence is what this controller detects.
        timer = ctx.vertx().setPeriodic(monitorPeriodMs, t -> {
            if (nodes.hasSynced() && leases.hasSynced()) {
                nodes.list().forEach(n -> queue.add(Informer.keyOf(n)));
            }
        });
    }

    @Override
    public void stop() {
        ctx.vertx().cancelTimer(timer);
        if (queue != null) {
            queue.stop();
        }
    }

    private Future<?> reconcile(String name) {
        ObjectNode node = nodes.get(name);
        if (node == null) {
            lastHeartbeat.remove(name);
            observedAt.remove(name);
            return Future.succeededFuture();
        }
        long now = ctx.clock().millis();
        String beat = heartbeat(node);
        if (!beat.equals(lastHeartbeat.get(name))) {
            lastHeartbeat.put(name, beat);
            observedAt.put(name, now);
        }
        JsonNode ready = condition(node, "Ready");
        boolean silent = now - observedAt.get(name) > gracePeriodMs;
        String readyStatus = ready == null ? "Unknown" : ready.path("status").asText("Unknown");
        if (silent && !readyStatus.equals("Unknown")) {
            return markUnknown(node);
        }
        // A node that has not reported Ready yet gets the grace period from first sight before any taint, as a
        // starting kubelet does upstream.
        String wanted = silent || ready != null && readyStatus.equals("Unknown") ? UNREACHABLE
                : ready != null && readyStatus.equals("False") ? NOT_READY : null;
        return reconcileTaints(node, wanted);
    }

    /** The newest sign of life: the node Lease's renewTime, else the Ready condition's heartbeat. */
    private String heartbeat(ObjectNode node) {
        String name = node.path("metadata").path("name").asText();
        ObjectNode lease = leases.get("kube-node-lease", name);
        String renew = lease == null ? "" : lease.path("spec").path("renewTime").asText("");
        JsonNode ready = condition(node, "Ready");
        String hb = ready == null ? "" : ready.path("lastHeartbeatTime").asText("");
        return renew + "|" + hb;
    }

    private static JsonNode condition(ObjectNode node, String type) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return null;
    }

    private Future<?> markUnknown(ObjectNode node) {
        String now = Instant.now(ctx.clock()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        ArrayNode conds = M.createArrayNode();
        for (JsonNode c : node.path("status").path("conditions")) {
            ObjectNode copy = c.deepCopy();
            if (Set.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure").contains(c.path("type").asText())) {
                copy.put("status", "Unknown").put("reason", "NodeStatusUnknown")
                        .put("message", "Kubelet stopped posting node status.").put("lastTransitionTime", now);
            }
            conds.add(copy);
        }
        ObjectNode patch = M.createObjectNode();
        patch.putObject("status").set("conditions", conds);
        String name = node.path("metadata").path("name").asText();
        events.normal(node, "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
        return ctx.client().patch(NODES, "", name, PatchType.MERGE, patch.toString(), "status",
                WriteOptions.manager(MANAGER));
    }

    /** Keeps exactly the wanted lifecycle taint pair (NoSchedule + NoExecute), or none. */
    private Future<?> reconcileTaints(ObjectNode node, String wanted) {
        ArrayNode taints = M.createArrayNode();
        boolean changed = false;
        Set<String> have = new java.util.HashSet<>();
        for (JsonNode t : node.path("spec").path("taints")) {
            String key = t.path("key").asText();
            if (key.equals(UNREACHABLE) || key.equals(NOT_READY)) {
                if (!key.equals(wanted)) {
                    changed = true;
                    continue;
                }
                have.add(t.path("effect").asText());
            }
            taints.add(t);
        }
        if (wanted != null) {
            String now = Instant.now(ctx.clock()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            for (String effect : new String[]{"NoSchedule", "NoExecute"}) {
                if (!have.contains(effect)) {
                    ObjectNode t = taints.addObject().put("key", wanted).put("effect", effect);
                    if (effect.equals("NoExecute")) {
                        t.put("timeAdded", now);
                    }
                    changed = true;
                }
            }
        }
        if (!changed) {
            return Future.succeededFuture();
        }
        ObjectNode patch = M.createObjectNode();
        ObjectNode spec = patch.putObject("spec");
        if (taints.isEmpty()) {
            spec.putNull("taints");
        } else {
            spec.set("taints", taints);
        }
        // Conditional on the version we decided from, so a concurrent change (the kubelet's) is never overwritten.
        patch.putObject("metadata").put("resourceVersion", node.path("metadata").path("resourceVersion").asText());
        return ctx.client().patch(NODES, "", node.path("metadata").path("name").asText(), PatchType.MERGE,
                patch.toString(), "", WriteOptions.manager(MANAGER));
    }
}
