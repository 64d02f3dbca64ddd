package io.k3j.controller.podgc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.PatchType;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.config.ServerConfig;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.k3j.controller.support.Resources.NODES;
import static io.k3j.controller.support.Resources.PODS;

/**
 * Upstream's pod garbage collector, run every 20 s and when a node goes: deletes (at once, grace 0) pods bound to a
 * node that has not existed for 40 s — verified by a GET, the node cache may lag — after marking them Failed with a
 * DisruptionTarget condition; terminating pods that were never scheduled; and, above the threshold of terminated pods
 * (--terminated-pod-gc-threshold, 12500; 0 disables), the oldest terminated ones, evicted pods first.
 */
public final class PodGcController implements Controller {

    public static final String NAME = "pod-garbage-collector";
    public static final int DEFAULT_TERMINATED_THRESHOLD = 12_500;
    private static final Logger LOG = Logger.getLogger(PodGcController.class.getName());
    private static final long PERIOD_MS = 20_000;
    /** Upstream's quarantineTime: how long a node must be missing before its pods are deleted. */
    static final long QUARANTINE_MS = 40_000;
    private static final String KEY = "gc";
    private static final WriteOptions WRITE = WriteOptions.manager("PodGC");
    private static final DeleteOptions FORCE = DeleteOptions.DEFAULT.withGracePeriod(0);

    private final int terminatedThreshold;
    private Vertx vertx;
    private KubeClient client;
    private Clock clock;
    private Informer pods;
    private Informer nodes;
    private WorkQueue queue;
    private long timer = -1;
    /** Nodes with pods but no Node object, and since when (our clock). */
    private final Map<String, Long> missingSince = new HashMap<>();

    public PodGcController(int terminatedThreshold) {
        this.terminatedThreshold = terminatedThreshold;
    }

    /** With --kube-controller-manager-arg terminated-pod-gc-threshold=N when given. */
    public static PodGcController fromConfig(ServerConfig config) {
        String v = config.controllerManagerArgs().get("terminated-pod-gc-threshold", "");
        if (v.isEmpty()) {
            return new PodGcController(DEFAULT_TERMINATED_THRESHOLD);
        }
        try {
            return new PodGcController(Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            LOG.log(Level.WARNING, "invalid terminated-pod-gc-threshold; using the default",
                    new Object[]{"value", v, "default", DEFAULT_TERMINATED_THRESHOLD});
            return new PodGcController(DEFAULT_TERMINATED_THRESHOLD);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        vertx = ctx.vertx();
        client = ctx.client();
        clock = ctx.clock();
        pods = ctx.informers().of(PODS);
        nodes = ctx.informers().of(NODES);
        queue = new WorkQueue(vertx, NAME, 1, k -> Future.all(pods.synced(), nodes.synced()).compose(v -> collect()));
        nodes.addHandler(new Informer.Handler() {
            @Override
            public void onDelete(ObjectNode node) {
                queue.add(KEY);
            }
        });
        pods.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode pod) {
                if (orphaned(pod)) {
                    queue.add(KEY);
                }
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode pod) {
                if (orphaned(pod)) {
                    queue.add(KEY);
                }
            }
        });
        queue.add(KEY);
        timer = vertx.setPeriodic(PERIOD_MS, t -> queue.add(KEY));
    }

    @Override
    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (queue != null) {
            queue.stop();
        }
    }

    private boolean orphaned(ObjectNode pod) {
        String node = pod.path("spec").path("nodeName").asText("");
        return nodes.hasSynced() && !node.isEmpty() && nodes.get("", node) == null;
    }

    private Future<?> collect() {
        List<ObjectNode> all = pods.list();
        return Future.all(collectTerminated(all), collectOrphaned(all), collectUnscheduledTerminating(all));
    }

    private Future<Void> collectTerminated(List<ObjectNode> all) {
        if (terminatedThreshold <= 0) {
            return Future.succeededFuture();
        }
        List<ObjectNode> terminated = new ArrayList<>(all.stream().filter(PodGcController::terminated).toList());
        int excess = terminated.size() - terminatedThreshold;
        if (excess <= 0) {
            return Future.succeededFuture();
        }
        terminated.sort(Comparator.comparing((ObjectNode p) -> !evicted(p)).thenComparing(Meta::created));
        LOG.log(Level.INFO, "garbage collecting terminated pods", new Object[]{"count", excess, "threshold", terminatedThreshold});
        List<Future<Void>> deletes = new ArrayList<>();
        for (ObjectNode pod : terminated.subList(0, excess)) {
            deletes.add(forceDelete(pod));
        }
        return Future.join(deletes).mapEmpty();
    }

    /**
     * Pods on nodes missing from the cache for the whole quarantine (upstream's 40 s, so a node that is still
     * registering, or a cache that lags, costs nobody their pods), then confirmed missing by asking the API server.
     */
    private Future<Void> collectOrphaned(List<ObjectNode> all) {
        Map<String, List<ObjectNode>> byNode = new HashMap<>();
        for (ObjectNode pod : all) {
            if (orphaned(pod)) {
                byNode.computeIfAbsent(pod.path("spec").path("nodeName").asText(), k -> new ArrayList<>()).add(pod);
            }
        }
        long now = clock.millis();
        missingSince.keySet().retainAll(byNode.keySet());
        List<Future<Void>> work = new ArrayList<>();
        byNode.forEach((node, onNode) -> {
            long since = missingSince.computeIfAbsent(node, n -> now);
            if (now - since < QUARANTINE_MS) {
                queue.addAfter(KEY, QUARANTINE_MS - (now - since) + 100);
                return;
            }
            work.add(deleteIfNodeGone(node, onNode));
        });
        return Future.join(work).mapEmpty();
    }

    private Future<Void> deleteIfNodeGone(String node, List<ObjectNode> onNode) {
        return client.get(NODES, "", node).<Void>mapEmpty().recover(e -> {
            if (!(e instanceof KubeApiException k && k.notFound())) {
                return Future.failedFuture(e);
            }
            List<Future<Void>> deletes = new ArrayList<>();
            for (ObjectNode pod : onNode) {
                LOG.log(Level.INFO, "deleting pod of a node that no longer exists", new Object[]{"pod", Informer.keyOf(pod), "node", node});
                deletes.add(markFailed(pod).compose(v -> forceDelete(pod)));
            }
            return Future.join(deletes).mapEmpty();
        });
    }

    private Future<Void> collectUnscheduledTerminating(List<ObjectNode> all) {
        List<Future<Void>> deletes = new ArrayList<>();
        for (ObjectNode pod : all) {
            if (Meta.deleting(pod) && pod.path("spec").path("nodeName").asText("").isEmpty()) {
                deletes.add(forceDelete(pod));
            }
        }
        return Future.join(deletes).mapEmpty();
    }

    /** Upstream records why the pod ended before it goes: phase Failed and a DisruptionTarget condition. */
    private Future<Void> markFailed(ObjectNode pod) {
        if (terminated(pod)) {
            return Future.succeededFuture();
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode status = patch.putObject("status").put("phase", "Failed");
        status.putArray("conditions").addObject().put("type", "DisruptionTarget").put("status", "True")
                .put("reason", "DeletionByPodGC").put("message", "PodGC: node no longer exists")
                .put("lastTransitionTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        return client.patch(PODS, Meta.namespace(pod), Meta.name(pod), PatchType.STRATEGIC, patch.toString(), "status", WRITE)
                .<Void>mapEmpty().recover(e -> {
                    LOG.log(Level.FINE, "could not mark pod failed", new Object[]{"pod", Informer.keyOf(pod), "error", e.getMessage()});
                    return Future.succeededFuture(); // it is being force-deleted either way
                });
    }

    private Future<Void> forceDelete(ObjectNode pod) {
        return client.delete(PODS, Meta.namespace(pod), Meta.name(pod), FORCE).<Void>mapEmpty()
                .recover(e -> e instanceof KubeApiException k && k.notFound() ? Future.succeededFuture() : Future.failedFuture(e));
    }

    static boolean terminated(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    private static boolean evicted(JsonNode pod) {
        return "Evicted".equals(pod.path("status").path("reason").asText(""));
    }
}
