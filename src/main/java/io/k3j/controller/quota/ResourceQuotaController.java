package io.k3j.controller.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.Informer;
import io.k3j.client.KubeClient;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.config.ServerConfig;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.support.Meta;
import io.k3j.quota.Evaluator;
import io.k3j.quota.Evaluators;
import io.k3j.quota.PodEvaluator;
import io.k3j.quota.PvcEvaluator;
import io.k3j.quota.QuotaObject;
import io.k3j.quota.ResourceList;
import io.k3j.quota.ServiceEvaluator;
import io.k3j.quota.UsageCalculator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's resourcequota controller: keeps each ResourceQuota's {@code status.hard} equal to its spec and
 * {@code status.used} equal to what its namespace really uses, counted with the same evaluators the admission plugin
 * charges with ({@code io.k3j.quota}). A quota is recounted when it is created or its spec changes, when an object
 * stops using quota (deleted; a pod finished; a service no longer NodePort/LoadBalancer; a claim's allocated size
 * changed) and on a full resync of every quota (--kube-controller-manager-arg resource-quota-sync-period, 5m).
 *
 * <p>Pods, services, claims, configmaps, secrets and replication controllers are read from shared informers;
 * other {@code count/<resource>.<group>} names are listed from the API when their quota is recounted.
 */
public final class ResourceQuotaController implements Controller {

    public static final String NAME = "resourcequota";
    public static final long DEFAULT_SYNC_PERIOD_MS = 5 * 60_000;
    static final GroupVersionResource QUOTAS = new GroupVersionResource("", "v1", "resourcequotas");
    /** The resources read from informers; their deletions (and some updates) give quota back at once. */
    static final List<GroupVersionResource> WATCHED = List.of(
            new GroupVersionResource("", "v1", "pods"), new GroupVersionResource("", "v1", "services"),
            new GroupVersionResource("", "v1", "persistentvolumeclaims"), new GroupVersionResource("", "v1", "configmaps"),
            new GroupVersionResource("", "v1", "secrets"), new GroupVersionResource("", "v1", "replicationcontrollers"),
            QUOTAS);
    private static final WriteOptions WRITE = WriteOptions.manager("kube-controller-manager");

    private final long syncPeriodMs;
    private Vertx vertx;
    private KubeClient client;
    private Clock clock;
    private Informer quotas;
    private final Map<String, Informer> informers = new HashMap<>();
    private ObjectLister lister;
    private WorkQueue queue;
    private long timer = -1;

    public ResourceQuotaController(long syncPeriodMs) {
        this.syncPeriodMs = syncPeriodMs;
    }

    /** With --kube-controller-manager-arg resource-quota-sync-period=D when given. */
    public static ResourceQuotaController fromConfig(ServerConfig config) {
        return new ResourceQuotaController(config.controllerManagerArgs()
                .durationMillis("resource-quota-sync-period", DEFAULT_SYNC_PERIOD_MS));
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
        for (GroupVersionResource r : WATCHED) {
            informers.put(r.group() + "/" + r.resource(), ctx.informers().of(r));
        }
        quotas = informers.get("/resourcequotas");
        lister = new ObjectLister(client, informers, clock);
        queue = new WorkQueue(vertx, NAME, 2, this::sync);
        quotas.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode q) {
                queue.add(Informer.keyOf(q));
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode q) {
                // Status changes are this controller's and admission's own: recounting on each would race every
                // charge admission just made. Only a new spec (or a status not yet filled) asks for a recount.
                if (!old.path("spec").equals(q.path("spec")) || !q.path("status").has("used")) {
                    queue.add(Informer.keyOf(q));
                }
            }
        });
        for (GroupVersionResource r : WATCHED) {
            if (r != QUOTAS) {
                informers.get(r.group() + "/" + r.resource()).addHandler(replenisher(r));
            }
        }
        timer = vertx.setPeriodic(syncPeriodMs, t -> quotas.list().forEach(q -> queue.add(Informer.keyOf(q))));
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

    /** Recounts the quotas of the object's namespace that charge its resource when it stops using quota. */
    private Informer.Handler replenisher(GroupVersionResource r) {
        Evaluator e = Evaluators.of(r.group(), r.resource());
        return new Informer.Handler() {
            @Override
            public void onUpdate(ObjectNode old, ObjectNode obj) {
                if (releases(r.resource(), old, obj)) {
                    enqueueQuotasOf(e, obj);
                }
            }

            @Override
            public void onDelete(ObjectNode obj) {
                enqueueQuotasOf(e, obj);
            }
        };
    }

    /** Upstream's update filter: the updates after which an object uses less (or different) quota. */
    private boolean releases(String resource, ObjectNode old, ObjectNode obj) {
        Instant now = clock.instant();
        return switch (resource) {
            case "pods" -> PodEvaluator.charged(old, now) && !PodEvaluator.charged(obj, now);
            case "services" -> !ServiceEvaluator.quotaType(old).equals(ServiceEvaluator.quotaType(obj));
            case "persistentvolumeclaims" -> PvcEvaluator.allocatedChanged(old, obj);
            default -> false;
        };
    }

    private void enqueueQuotasOf(Evaluator e, ObjectNode obj) {
        for (ObjectNode q : quotas.list(Meta.namespace(obj))) {
            if (!e.matchingResources(QuotaObject.of(q).hard().names()).isEmpty()) {
                queue.add(Informer.keyOf(q));
            }
        }
    }

    private Future<?> sync(String key) {
        return quotas.synced().compose(v -> {
            ObjectNode q = quotas.get(key);
            if (q == null || Meta.deleting(q)) {
                return Future.succeededFuture();
            }
            return recount(q);
        });
    }

    private Future<?> recount(ObjectNode q) {
        QuotaObject quota = QuotaObject.of(q);
        String ns = Meta.namespace(q);
        return lister.objectsFor(ns, quota.specHard()).compose(objects -> {
            ResourceList counted = UsageCalculator.calculate(quota.specHard(), quota.scopes(),
                    (g, r) -> objects.getOrDefault(g + "/" + r, List.of()), clock.instant());
            // Names no evaluator can measure keep what was recorded; names no longer hard are dropped.
            ResourceList used = quota.used().overlay(counted).mask(quota.specHard().names());
            boolean unchanged = q.path("status").has("hard") && q.path("status").has("used")
                    && quota.hard().sameAs(quota.specHard()) && quota.hard().names().size() == q.path("status").path("hard").size()
                    && used.sameAs(quota.used());
            if (unchanged) {
                return Future.succeededFuture();
            }
            ObjectNode updated = q.deepCopy();
            ObjectNode status = updated.putObject("status");
            status.set("hard", quota.specHard().toJson());
            status.set("used", used.toJson());
            return client.updateStatus(QUOTAS, ns, updated, WRITE);
        });
    }

    /** The namespace's objects per "group/resource", for the evaluators a quota's hard names need. */
    static final class ObjectLister {

        private final Map<String, Informer> informers;
        private final ApiResources api;

        ObjectLister(KubeClient client, Map<String, Informer> informers, Clock clock) {
            this.informers = informers;
            this.api = new ApiResources(client, clock);
        }

        Future<Map<String, List<? extends JsonNode>>> objectsFor(String namespace, ResourceList hard) {
            Map<String, List<? extends JsonNode>> out = new LinkedHashMap<>();
            List<Future<Void>> lists = new ArrayList<>();
            for (String[] gr : UsageCalculator.resourcesFor(hard)) {
                String k = gr[0] + "/" + gr[1];
                Informer i = informers.get(k);
                if (i != null) {
                    lists.add(i.synced().map(v -> {
                        synchronized (out) {
                            out.put(k, i.list(namespace));
                        }
                        return null;
                    }));
                } else {
                    lists.add(api.list(gr[0], gr[1], namespace).map(items -> {
                        synchronized (out) {
                            out.put(k, items);
                        }
                        return null;
                    }));
                }
            }
            return Future.all(lists).map(v -> out);
        }
    }
}
