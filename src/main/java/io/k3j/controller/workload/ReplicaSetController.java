package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.client.Informer;
import io.k3j.client.Informers;
import io.k3j.client.WriteOptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ReplicaSet controller (and, with {@link #replicationControllers()}, the ReplicationController one): keeps as
 * many active pods as spec.replicas, adopting matching orphans and releasing pods that stopped matching, deleting
 * surplus pods in upstream's ranking order, and reporting replicas/fullyLabeled/ready/available in status.
 * Expectations keep it from creating again before its informer has seen its own creations.
 */
public final class ReplicaSetController extends WorkloadController {

    private static final Logger LOG = Logger.getLogger(ReplicaSetController.class.getName());
    /** upstream's burstReplicas: at most this many creates or deletes per sync. */
    static final int BURST = 500;

    private final String name;
    private final String component;
    private final GroupVersionResource resource;
    private final boolean mapSelector;
    private final Expectations expectations = new Expectations();
    private Informer owners;
    private Informer pods;
    private PodControl podControl;
    private Claims claims;

    private ReplicaSetController(String name, String component, GroupVersionResource resource, boolean mapSelector) {
        this.name = name;
        this.component = component;
        this.resource = resource;
        this.mapSelector = mapSelector;
    }

    public static ReplicaSetController replicaSets() {
        return new ReplicaSetController("replicaset", "replicaset-controller", Resources.REPLICA_SETS, false);
    }

    public static ReplicaSetController replicationControllers() {
        return new ReplicaSetController("replicationcontroller", "replication-controller",
                Resources.REPLICATION_CONTROLLERS, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected String component() {
        return component;
    }

    @Override
    protected List<Informer> register(Informers informers) {
        owners = Indexes.owned(informers.of(resource));
        pods = Indexes.pods(informers.of(Resources.PODS));
        podControl = new PodControl(client, recorder, component);
        claims = new Claims(client, Resources.PODS, component);
        owners.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                enqueue(newObj);
            }

            @Override
            public void onDelete(ObjectNode obj) {
                expectations.forget(Meta.key(obj));
                enqueue(obj);
            }
        });
        pods.addHandler(new PodHandler());
        return List.of(owners, pods);
    }

    /** Maps pod changes to the owners to sync, observing expectations on the way (upstream's add/update/deletePod). */
    private final class PodHandler implements Informer.Handler {
        @Override
        public void onAdd(ObjectNode pod) {
            if (Meta.deleting(pod)) {
                onDelete(pod);
                return;
            }
            ObjectNode owner = ownerOf(pod);
            if (owner != null) {
                expectations.creationObserved(Meta.key(owner));
                enqueue(owner);
            } else if (OwnerRefs.controllerOf(pod) == null) {
                matchingOwners(pod).forEach(o -> enqueue(o));
            }
        }

        @Override
        public void onUpdate(ObjectNode old, ObjectNode cur) {
            if (old == cur || Objects.equals(old.path("metadata").path("resourceVersion"), cur.path("metadata").path("resourceVersion"))) {
                return;
            }
            boolean labelsChanged = !Meta.labels(old).equals(Meta.labels(cur));
            if (Meta.deleting(cur) && !Meta.deleting(old)) {
                onDelete(cur);
                if (labelsChanged) {
                    onDelete(old);
                }
                return;
            }
            String oldRef = OwnerRefs.controllerUid(old);
            String curRef = OwnerRefs.controllerUid(cur);
            if (!oldRef.equals(curRef) && !oldRef.isEmpty()) {
                ObjectNode o = ownerOf(old);
                if (o != null) {
                    enqueue(o);
                }
            }
            ObjectNode owner = ownerOf(cur);
            if (owner != null) {
                enqueue(owner);
                int minReady = owner.path("spec").path("minReadySeconds").asInt(0);
                if (minReady > 0 && !Pods.ready(old) && Pods.ready(cur)) {
                    queue.addAfter(Meta.key(owner), minReady * 1000L + 1000);
                }
            } else if (curRef.isEmpty() && (labelsChanged || !oldRef.equals(curRef))) {
                matchingOwners(cur).forEach(o -> enqueue(o));
            }
        }

        @Override
        public void onDelete(ObjectNode pod) {
            ObjectNode owner = ownerOf(pod);
            if (owner != null) {
                expectations.deletionObserved(Meta.key(owner), Meta.key(pod));
                enqueue(owner);
            }
        }
    }

    /** The owner of our kind named by the pod's controller reference (same UID), or null. */
    private ObjectNode ownerOf(JsonNode pod) {
        JsonNode ref = OwnerRefs.controllerOf(pod);
        if (ref == null || !ref.path("kind").asText().equals(kind())) {
            return null;
        }
        ObjectNode o = owners.get(Meta.namespace(pod), ref.path("name").asText());
        return o != null && Meta.uid(o).equals(ref.path("uid").asText()) ? o : null;
    }

    private String kind() {
        return mapSelector ? "ReplicationController" : "ReplicaSet";
    }

    private List<ObjectNode> matchingOwners(JsonNode pod) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : Indexes.inNamespace(owners, Meta.namespace(pod))) {
            LabelSelector sel = selectorOrNull(o);
            if (sel != null && !sel.isEmpty() && sel.matches(pod.path("metadata").path("labels"))) {
                out.add(o);
            }
        }
        return out;
    }

    private LabelSelector selectorOrNull(JsonNode o) {
        try {
            return selector(o);
        } catch (SelectorException e) {
            return null;
        }
    }

    /** An RC's selector is a plain map, defaulting to its template's labels; a ReplicaSet's is a LabelSelector. */
    LabelSelector selector(JsonNode o) {
        JsonNode sel = o.path("spec").path("selector");
        if (!mapSelector) {
            return LabelSelector.fromJson(sel.isMissingNode() || sel.isNull() ? null : sel);
        }
        if (!sel.isObject() || sel.isEmpty()) {
            sel = o.path("spec").path("template").path("metadata").path("labels");
        }
        if (!sel.isObject() || sel.isEmpty()) {
            return LabelSelector.nothing();
        }
        ObjectNode wrapped = Meta.MAPPER.createObjectNode();
        wrapped.set("matchLabels", sel);
        return LabelSelector.fromJson(wrapped);
    }

    @Override
    protected void sync(String key) {
        ObjectNode rs = owners.get(key);
        if (rs == null) {
            expectations.forget(key);
            return;
        }
        boolean needsSync = expectations.satisfied(key);
        LabelSelector selector;
        try {
            selector = selector(rs);
        } catch (SelectorException e) {
            LOG.log(Level.FINE, "invalid selector", new Object[]{"key", key, "error", e.getMessage()});
            return;
        }
        List<ObjectNode> active = new ArrayList<>();
        for (ObjectNode p : Indexes.inNamespace(pods, Meta.namespace(rs))) {
            if (Pods.active(p)) {
                active.add(p);
            }
        }
        List<ObjectNode> mine = claims.claim(rs, selector, active, resource);
        RuntimeException manageError = null;
        int replicas = Meta.intOr(rs.path("spec").path("replicas"), 1);
        if (needsSync && !Meta.deleting(rs)) {
            try {
                manage(rs, key, mine, replicas);
            } catch (RuntimeException e) {
                manageError = e;
            }
        }
        ObjectNode status = ReplicaStatus.calculate(rs, mine, manageError, mine.size() < replicas, now());
        ObjectNode written = writeStatus(rs, status);
        int minReady = rs.path("spec").path("minReadySeconds").asInt(0);
        if (manageError == null && minReady > 0 && written.path("readyReplicas").asInt() == replicas
                && written.path("availableReplicas").asInt() != replicas) {
            queue.addAfter(key, minReady * 1000L);
        }
        if (manageError != null) {
            throw manageError;
        }
    }

    private void manage(ObjectNode rs, String key, List<ObjectNode> mine, int replicas) {
        int diff = mine.size() - replicas;
        if (diff < 0) {
            int toCreate = Math.min(-diff, BURST);
            expectations.expectCreations(key, toCreate);
            SlowStart.Result r = SlowStart.run(toCreate, () -> podControl.create(newPod(rs), rs));
            for (int i = r.succeeded(); i < toCreate; i++) {
                expectations.creationObserved(key);
            }
            if (r.error() != null) {
                throw r.error();
            }
        } else if (diff > 0) {
            int toDelete = Math.min(diff, BURST);
            List<ObjectNode> victims = PodRanking.toDelete(mine, relatedPods(rs, mine), toDelete, now());
            Set<String> keys = new HashSet<>();
            victims.forEach(p -> keys.add(Meta.key(p)));
            expectations.expectDeletions(key, keys);
            List<Runnable> tasks = new ArrayList<>();
            for (ObjectNode p : victims) {
                tasks.add(() -> {
                    try {
                        podControl.delete(p, rs);
                    } catch (RuntimeException e) {
                        expectations.deletionObserved(key, Meta.key(p));
                        if (!notFound(e)) {
                            throw e;
                        }
                    }
                });
            }
            List<Throwable> errors = parallel(tasks);
            if (!errors.isEmpty()) {
                throw errors.getFirst() instanceof RuntimeException re ? re : new RuntimeException(errors.getFirst());
            }
        }
    }

    private ObjectNode newPod(ObjectNode rs) {
        ObjectNode pod = PodControl.fromTemplate(rs.path("spec").path("template"), rs);
        ((ObjectNode) pod.get("metadata")).put("generateName", PodControl.prefix(Meta.name(rs)));
        return pod;
    }

    /** Pods of every ReplicaSet sharing this one's controller (a Deployment's ReplicaSets), for ranking by node. */
    private List<ObjectNode> relatedPods(ObjectNode rs, List<ObjectNode> mine) {
        String ownerUid = OwnerRefs.controllerUid(rs);
        if (ownerUid.isEmpty()) {
            return mine;
        }
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode sibling : Indexes.controlledBy(owners, ownerUid)) {
            out.addAll(Indexes.controlledBy(pods, Meta.uid(sibling)));
        }
        return out;
    }

    private ObjectNode writeStatus(ObjectNode rs, ObjectNode status) {
        if (!ReplicaStatus.changed(rs.path("status"), status)) {
            return status;
        }
        ObjectNode copy = rs.deepCopy();
        copy.set("status", status);
        try {
            await(client.updateStatus(resource, Meta.namespace(rs), copy, WriteOptions.manager(component)));
        } catch (RuntimeException e) {
            if (!notFound(e)) {
                throw e;
            }
        }
        return status;
    }
}
