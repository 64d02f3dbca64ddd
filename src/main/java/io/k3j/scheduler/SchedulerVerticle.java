package io.k3j.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.selector.LabelSelector;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeClient;
import io.k3j.client.Informer;
import io.k3j.client.Informers;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClientFactory;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;
import io.k3j.controller.EventRecorder;
import io.k3j.controller.LeaderElector;
import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.DisruptionBudget;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.plugins.DefaultPlugins;
import io.k3j.scheduler.plugins.VolumeBinding;
import io.k3j.scheduler.preemption.Nomination;
import io.k3j.scheduler.volume.ClaimBinder;
import io.k3j.scheduler.volume.PodVolumes;
import io.k3j.scheduler.volume.VolumeCache;
import io.k3j.scheduler.volume.VolumePreBinder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * kube-scheduler as a verticle: informers keep a {@link ClusterSnapshot} and the {@link SchedulingQueue} current;
 * cycles run on this verticle's event loop a batch at a time (each is pure CPU work on the snapshot, tens of
 * microseconds), and bindings go out asynchronously after the pod is assumed, so the next cycle does not wait for
 * the API round trip. Only the holder of the {@code kube-system/kube-scheduler} Lease schedules.
 */
public final class SchedulerVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(SchedulerVerticle.class.getName());
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final ObjectMapper M = new ObjectMapper();
    private static final String MANAGER = "default-scheduler";
    /** Cycles per turn of the event loop: enough to amortize, few enough to keep the loop responsive. */
    private static final int BATCH = 64;
    /** Upstream's VolumeBinding bindTimeoutSeconds default: how long PreBind waits for the binder. */
    private static final long VOLUME_BIND_TIMEOUT_MILLIS = 600_000;

    private final KubeClientFactory clients;
    private final String identity;
    private KubeClient client;
    private LeaderElector elector;
    private Informers informers;
    private ClusterSnapshot snapshot;
    private SchedulingQueue queue;
    private Scheduler scheduler;
    private EventRecorder events;
    private VolumeCache volumes;
    private ClaimBinder claimBinder;
    private VolumePreBinder preBinder;
    private boolean running;
    private boolean scheduled;
    private long flushTimer = -1;

    public SchedulerVerticle(KubeClientFactory clients, String identity) {
        this.clients = clients;
        this.identity = identity;
    }

    @Override
    public Future<?> start() {
        client = clients.create(vertx);
        // Class loading and model introspection take seconds on first use: pay it off the event loop, in the background.
        vertx.executeBlocking(() -> {
            Scheduler.warmUp();
            return null;
        }, false);
        elector = new LeaderElector(vertx, client, "kube-system", "kube-scheduler", identity, LeaderElector.Timing.DEFAULT,
                this::lead, this::lost);
        elector.start();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        lost();
        return elector.stop().eventually(() -> {
            client.close();
            return Future.succeededFuture();
        });
    }

    private void lead() {
        snapshot = new ClusterSnapshot();
        volumes = new VolumeCache();
        claimBinder = new ClaimBinder(volumes);
        preBinder = new VolumePreBinder(vertx, client, volumes, VOLUME_BIND_TIMEOUT_MILLIS);
        scheduler = new Scheduler(DefaultPlugins.profile(new VolumeBinding(claimBinder)), new java.util.SplittableRandom());
        queue = new SchedulingQueue(scheduler.profile(), Clock.systemUTC());
        events = new EventRecorder(client, MANAGER, identity, Clock.systemUTC());
        informers = new Informers(vertx, client, 0);
        watchNodes();
        watchPods();
        watchOthers();
        watchVolumes();
        running = true;
        informers.start().onSuccess(v -> kick());
        flushTimer = vertx.setPeriodic(1_000, t -> {
            queue.flush();
            kick();
        });
    }

    private void lost() {
        running = false;
        if (preBinder != null) {
            preBinder.cancelAll();
        }
        if (flushTimer >= 0) {
            vertx.cancelTimer(flushTimer);
        }
        if (informers != null) {
            informers.stop();
            informers = null;
        }
    }

    private void watchNodes() {
        informers.of(new GroupVersionResource("", "v1", "nodes")).addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                snapshot.upsertNode(obj);
                queue.onEvent(ClusterEvent.NODE_ADDED, null);
                kick();
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                snapshot.upsertNode(n);
                if (!o.path("spec").equals(n.path("spec")) || !o.path("metadata").path("labels").equals(n.path("metadata").path("labels"))
                        || !o.path("status").path("allocatable").equals(n.path("status").path("allocatable"))) {
                    queue.onEvent(ClusterEvent.NODE_UPDATED, null);
                    kick();
                }
            }

            @Override
            public void onDelete(ObjectNode obj) {
                snapshot.removeNode(obj.path("metadata").path("name").asText());
            }
        });
    }

    private void watchPods() {
        informers.of(PODS).addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                PodInfo pod = PodInfo.of(obj);
                if (bound(obj)) {
                    snapshot.upsertPod(pod);
                    queue.onEvent(ClusterEvent.ASSIGNED_POD_ADDED, pod);
                } else if (scheduler.isResponsibleFor(pod) && !pod.terminating() && !pod.terminal()) {
                    snapshot.upsertPod(pod);
                    queue.add(pod);
                }
                kick();
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                PodInfo pod = PodInfo.of(n);
                if (bound(n)) {
                    snapshot.upsertPod(pod);
                    if (!bound(o)) {
                        queue.delete(pod.uid());
                        queue.onEvent(ClusterEvent.ASSIGNED_POD_ADDED, pod);
                    } else if (pod.terminal()) {
                        queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETED, pod);
                    } else {
                        queue.onEvent(ClusterEvent.ASSIGNED_POD_UPDATED, pod);
                    }
                } else if (scheduler.isResponsibleFor(pod)) {
                    snapshot.upsertPod(pod);
                    if (pod.terminating() || pod.terminal()) {
                        queue.delete(pod.uid());
                    } else if (!snapshot.isAssumed(pod.uid())) {
                        queue.update(pod); // (an assumed pod is being bound, e.g. waiting in VolumeBinding's PreBind)
                    }
                }
                kick();
            }

            @Override
            public void onDelete(ObjectNode obj) {
                PodInfo pod = PodInfo.of(obj);
                snapshot.removePod(pod.uid());
                queue.delete(pod.uid());
                snapshot.clearNomination(pod.uid());
                if (bound(obj)) {
                    queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETED, pod);
                }
                kick();
            }
        });
    }

    /**
     * PersistentVolumes, claims and StorageClasses feed the VolumeBinding plugin's cache; each change may make a pod
     * waiting on volumes schedulable, and may complete a PreBind waiting for the binder.
     */
    private void watchVolumes() {
        volumeInformer("", "persistentvolumes", volumes::upsertVolume, o -> volumes.removeVolume(name(o)));
        volumeInformer("", "persistentvolumeclaims", volumes::upsertClaim,
                o -> volumes.removeClaim(o.path("metadata").path("namespace").asText() + "/" + name(o)));
        volumeInformer("storage.k8s.io", "storageclasses", volumes::upsertClass, o -> volumes.removeClass(name(o)));
    }

    private void volumeInformer(String group, String resource, java.util.function.Consumer<ObjectNode> upsert,
                                java.util.function.Consumer<ObjectNode> remove) {
        informers.of(new GroupVersionResource(group, "v1", resource)).addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                upsert.accept(obj);
                changed();
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                upsert.accept(n);
                changed();
            }

            @Override
            public void onDelete(ObjectNode obj) {
                remove.accept(obj);
                changed();
            }

            private void changed() {
                preBinder.recheck();
                queue.onEvent(ClusterEvent.VOLUME_CHANGED, null);
                kick();
            }
        });
    }

    private static String name(ObjectNode o) {
        return o.path("metadata").path("name").asText();
    }

    /** Namespaces (affinity namespace selectors), PDBs (preemption) and the workloads that give default spreading. */
    private void watchOthers() {
        informers.of(new GroupVersionResource("", "v1", "namespaces")).addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                snapshot.upsertNamespace(obj);
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                snapshot.upsertNamespace(n);
            }

            @Override
            public void onDelete(ObjectNode obj) {
                snapshot.removeNamespace(obj.path("metadata").path("name").asText());
            }
        });
        informers.of(new GroupVersionResource("policy", "v1", "poddisruptionbudgets")).addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                snapshot.upsertDisruptionBudget(DisruptionBudget.of(obj));
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                snapshot.upsertDisruptionBudget(DisruptionBudget.of(n));
            }

            @Override
            public void onDelete(ObjectNode obj) {
                snapshot.removeDisruptionBudget(obj.path("metadata").path("namespace").asText(),
                        obj.path("metadata").path("name").asText());
            }
        });
        informers.of(new GroupVersionResource("", "v1", "services")).addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                service(obj);
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                service(n);
            }

            @Override
            public void onDelete(ObjectNode obj) {
                snapshot.workloads().removeService(obj.path("metadata").path("namespace").asText(),
                        obj.path("metadata").path("name").asText());
            }
        });
        controllers("apps", "replicasets", "ReplicaSet");
        controllers("apps", "statefulsets", "StatefulSet");
        controllers("", "replicationcontrollers", "ReplicationController");
    }

    private void service(ObjectNode svc) {
        Map<String, String> sel = new HashMap<>();
        svc.path("spec").path("selector").properties().forEach(e -> sel.put(e.getKey(), e.getValue().asText()));
        snapshot.workloads().upsertService(svc.path("metadata").path("namespace").asText(),
                svc.path("metadata").path("name").asText(), sel);
    }

    private void controllers(String group, String resource, String kind) {
        informers.of(new GroupVersionResource(group, "v1", resource)).addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                upsert(obj);
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                upsert(n);
            }

            @Override
            public void onDelete(ObjectNode obj) {
                snapshot.workloads().removeController(kind, obj.path("metadata").path("namespace").asText(),
                        obj.path("metadata").path("name").asText());
            }

            private void upsert(ObjectNode obj) {
                var selector = obj.path("spec").path("selector");
                LabelSelector sel;
                try {
                    sel = kind.equals("ReplicationController") ? LabelSelector.fromJson(M.createObjectNode().set("matchLabels", selector.deepCopy())) : LabelSelector.fromJson(selector);
                } catch (RuntimeException e) {
                    return; // a selector the API accepted but we cannot read: no default spreading for it
                }
                snapshot.workloads().upsertController(kind, obj.path("metadata").path("namespace").asText(),
                        obj.path("metadata").path("name").asText(), sel);
            }
        });
    }

    private static boolean bound(ObjectNode pod) {
        return !pod.path("spec").path("nodeName").asText("").isEmpty();
    }

    /** Schedules a batch on the next turn of the loop, once (more events while it is pending change nothing). */
    private void kick() {
        if (!running || scheduled) {
            return;
        }
        scheduled = true;
        vertx.runOnContext(v -> {
            scheduled = false;
            runBatch();
        });
    }

    private void runBatch() {
        if (!running) {
            return;
        }
        for (int i = 0; i < BATCH; i++) {
            Optional<QueuedPod> next = queue.pop();
            if (next.isEmpty()) {
                return;
            }
            cycle(next.get());
        }
        kick(); // more to do: continue after other work on this loop had its turn
    }

    private void cycle(QueuedPod q) {
        ScheduleResult result;
        try {
            result = scheduler.schedule(q.pod(), snapshot);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduling cycle failed", new Object[]{"pod", q.pod().key(), "error", String.valueOf(e)});
            queue.retry(q);
            return;
        }
        switch (result) {
            case ScheduleResult.Scheduled s -> bind(q, s);
            case ScheduleResult.Unschedulable u -> unschedulable(q, u);
            case ScheduleResult.NotOurs n -> queue.done(q);
        }
    }

    private void bind(QueuedPod q, ScheduleResult.Scheduled s) {
        PodInfo pod = q.pod();
        snapshot.assume(pod, s.node());
        queue.done(q);
        if (pod.claimNames().isEmpty()) {
            bindPod(q, s);
            return;
        }
        // Reserve + PreBind of VolumeBinding: claim the volumes for this node, let the binder bind them, then the pod.
        NodeInfo node = snapshot.node(s.node());
        PodVolumes planned;
        try {
            planned = claimBinder.assume(pod, node);
        } catch (ClaimBinder.BinderError e) {
            volumeBindingFailed(q, "running Reserve plugin \"VolumeBinding\": " + e.getMessage(), null);
            return;
        }
        if (planned.isEmpty()) {
            bindPod(q, s);
            return;
        }
        preBinder.bind(planned, node.labels())
                .onSuccess(v -> bindPod(q, s))
                .onFailure(e -> volumeBindingFailed(q, "running PreBind plugin \"VolumeBinding\": " + e.getMessage(), planned));
    }

    /** Upstream's handling of a failed Reserve/PreBind: volumes and the pod un-assumed, the pod back in the queue. */
    private void volumeBindingFailed(QueuedPod q, String message, PodVolumes planned) {
        PodInfo pod = q.pod();
        if (planned != null) {
            claimBinder.revert(planned);
        }
        snapshot.forget(pod.uid());
        ObjectNode live = running ? informers.of(PODS).get(pod.namespace(), pod.name()) : null;
        if (live == null || !pod.uid().equals(live.path("metadata").path("uid").asText())) {
            return; // the pod is gone (or we lost the lease): nothing to retry
        }
        queue.retry(q);
        events.warning(podRef(pod), "FailedScheduling", message);
        kick();
    }

    private void bindPod(QueuedPod q, ScheduleResult.Scheduled s) {
        PodInfo pod = q.pod();
        ObjectNode binding = M.createObjectNode().put("apiVersion", "v1").put("kind", "Binding");
        binding.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace()).put("uid", pod.uid());
        binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", s.node());
        client.createSubresource(PODS, pod.namespace(), pod.name(), "binding", binding, WriteOptions.manager(MANAGER))
                .onSuccess(ok -> events.normal(podRef(pod), "Scheduled",
                        "Successfully assigned " + pod.key() + " to " + s.node()))
                .onFailure(e -> {
                    snapshot.forget(pod.uid());
                    if (!(e instanceof KubeApiException k && (k.notFound() || k.conflict()))) {
                        queue.retry(q);
                    }
                    LOG.log(Level.FINE, "binding failed", new Object[]{"pod", pod.key(), "error", e.getMessage()});
                });
    }

    private void unschedulable(QueuedPod q, ScheduleResult.Unschedulable u) {
        PodInfo pod = q.pod();
        queue.requeue(q, u.rejectors());
        events.warning(podRef(pod), "FailedScheduling", u.message());
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode patch = M.createObjectNode();
        ObjectNode status = patch.putObject("status");
        status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False")
                .put("reason", "Unschedulable").put("message", u.message()).put("lastTransitionTime", now)
                .putNull("lastProbeTime");
        Nomination nom = u.nomination();
        if (nom != null) {
            if (nom.node() == null) {
                status.putNull("nominatedNodeName");
                snapshot.clearNomination(pod.uid());
            } else {
                status.put("nominatedNodeName", nom.node());
                snapshot.nominate(pod, nom.node());
                for (PodInfo victim : nom.victims()) {
                    events.normal(podRef(victim), "Preempted", "Preempted by pod " + pod.uid() + " on node " + nom.node());
                    client.delete(PODS, victim.namespace(), victim.name(),
                            DeleteOptions.DEFAULT.withPreconditions(victim.uid(), ""));
                }
                for (PodInfo other : nom.lowerPriorityNominated()) {
                    snapshot.clearNomination(other.uid());
                    client.patch(PODS, other.namespace(), other.name(), PatchType.MERGE,
                            "{\"status\":{\"nominatedNodeName\":null}}", "status", WriteOptions.manager(MANAGER));
                }
            }
        }
        boolean nominationChanges = nom != null && !java.util.Objects.equals(nom.node(), pod.nominatedNodeName());
        if (nominationChanges || !alreadyUnschedulable(pod, u.message())) {
            client.patch(PODS, pod.namespace(), pod.name(), PatchType.STRATEGIC, patch.toString(), "status",
                    WriteOptions.manager(MANAGER));
        }
    }

    /**
     * True when the pod already says PodScheduled=False for the same reason and message: upstream then skips the
     * status write, so a pod retried on every cluster event does not rewrite itself (and wake every pod watcher).
     */
    private static boolean alreadyUnschedulable(PodInfo pod, String message) {
        var status = pod.pod().getStatus();
        if (status == null || status.getConditions() == null) {
            return false;
        }
        for (var c : status.getConditions()) {
            if ("PodScheduled".equals(c.getType())) {
                return "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())
                        && message.equals(c.getMessage());
            }
        }
        return false;
    }

    /** Just enough of a pod for an Event's involvedObject. */
    private static ObjectNode podRef(PodInfo pod) {
        ObjectNode o = M.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        o.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace()).put("uid", pod.uid());
        return o;
    }
}
