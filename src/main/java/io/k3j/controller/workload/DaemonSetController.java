package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.client.Informer;
import io.k3j.client.Informers;
import io.k3j.client.WriteOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The DaemonSet controller: one pod per eligible node (see {@link DaemonPlacement}), pinned to it by required node
 * affinity on metadata.name and bound by the scheduler, as upstream since 1.12; failed daemon pods are replaced,
 * pods on nodes that no longer qualify (or exist) removed; RollingUpdate honours maxUnavailable or, with maxSurge,
 * starts the new pod beside the old one and removes the old once the new is available; OnDelete leaves running pods
 * alone. Status reports the scheduled/ready/updated/available numbers.
 */
public final class DaemonSetController extends WorkloadController {

    static final String COMPONENT = "daemonset-controller";
    static final String GENERATION_LABEL = "pod-template-generation";

    private Informer sets;
    private Informer pods;
    private Informer nodes;
    private Informer revisions;
    private Claims claims;
    private PodControl podControl;
    private Revisions history;
    private final Expectations expectations = new Expectations();

    @Override
    public String name() {
        return "daemonset";
    }

    @Override
    protected String component() {
        return COMPONENT;
    }

    @Override
    protected int workers() {
        return 2;
    }

    @Override
    protected List<Informer> register(Informers informers) {
        sets = Indexes.namespaced(informers.of(Resources.DAEMON_SETS));
        pods = Indexes.pods(informers.of(Resources.PODS));
        nodes = informers.of(Resources.NODES);
        revisions = Indexes.owned(informers.of(Resources.CONTROLLER_REVISIONS));
        claims = new Claims(client, Resources.PODS, COMPONENT);
        podControl = new PodControl(client, recorder, COMPONENT);
        history = new Revisions(client, COMPONENT);
        sets.addHandler(new Informer.Handler() {
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
            }
        });
        nodes.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode node) {
                sets.list().forEach(s -> enqueue(s));
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode cur) {
                if (!Meta.labels(old).equals(Meta.labels(cur)) || !old.path("spec").equals(cur.path("spec"))) {
                    sets.list().forEach(s -> enqueue(s));
                }
            }

            @Override
            public void onDelete(ObjectNode node) {
                sets.list().forEach(s -> enqueue(s));
            }
        });
        pods.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode pod) {
                ObjectNode ds = ownerOf(pod);
                if (ds != null) {
                    expectations.creationObserved(Meta.key(ds));
                    enqueue(ds);
                }
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode cur) {
                if (Objects.equals(old.path("metadata").path("resourceVersion"), cur.path("metadata").path("resourceVersion"))) {
                    return;
                }
                ObjectNode ds = ownerOf(cur);
                if (ds != null) {
                    if (Meta.deleting(cur) && !Meta.deleting(old)) {
                        expectations.deletionObserved(Meta.key(ds), Meta.key(cur));
                    }
                    enqueue(ds);
                }
            }

            @Override
            public void onDelete(ObjectNode pod) {
                ObjectNode ds = ownerOf(pod);
                if (ds != null) {
                    expectations.deletionObserved(Meta.key(ds), Meta.key(pod));
                    enqueue(ds);
                }
            }
        });
        return List.of(sets, pods, nodes, revisions);
    }

    private ObjectNode ownerOf(JsonNode pod) {
        JsonNode ref = OwnerRefs.controllerOf(pod);
        if (ref == null || !"DaemonSet".equals(ref.path("kind").asText())) {
            return null;
        }
        ObjectNode ds = sets.get(Meta.namespace(pod), ref.path("name").asText());
        return ds != null && Meta.uid(ds).equals(ref.path("uid").asText()) ? ds : null;
    }

    @Override
    protected void sync(String key) {
        ObjectNode ds = sets.get(key);
        if (ds == null) {
            return;
        }
        LabelSelector sel;
        try {
            sel = LabelSelector.fromJson(ds.path("spec").path("selector"));
        } catch (SelectorException e) {
            return;
        }
        // Expectations before the pods are read, as upstream (see JobController.sync).
        boolean podsTrusted = expectations.satisfied(key);
        List<ObjectNode> mine = claims.claim(ds, sel, Indexes.inNamespace(pods, Meta.namespace(ds)), Resources.DAEMON_SETS);
        Revisions.Picked picked = history.pick(ds, Indexes.controlledBy(revisions, Meta.uid(ds)), "");
        String hash = Meta.labels(picked.update()).get(Revisions.HASH_LABEL);
        Map<String, List<ObjectNode>> byNode = new HashMap<>();
        for (ObjectNode p : mine) {
            byNode.computeIfAbsent(DaemonPlacement.targetNode(p), k -> new ArrayList<>()).add(p);
        }
        Instant now = now();
        int minReady = ds.path("spec").path("minReadySeconds").asInt(0);
        if (podsTrusted && !Meta.deleting(ds)) {
            manage(ds, key, byNode, hash, now, minReady);
        }
        writeStatus(ds, byNode, hash, now, minReady);
        Set<String> live = new HashSet<>(Set.of(Meta.name(picked.update())));
        history.truncate(picked.all(), live, ds.path("spec").path("revisionHistoryLimit").asInt(10));
    }

    private void manage(ObjectNode ds, String key, Map<String, List<ObjectNode>> byNode, String hash, Instant now, int minReady) {
        List<String> createOn = new ArrayList<>();
        List<ObjectNode> delete = new ArrayList<>();
        Set<String> nodeNames = new HashSet<>();
        for (ObjectNode node : nodes.list()) {
            String name = Meta.name(node);
            nodeNames.add(name);
            DaemonPlacement.Decision d = DaemonPlacement.decide(ds, node);
            List<ObjectNode> here = byNode.getOrDefault(name, List.of());
            List<ObjectNode> alive = here.stream().filter(p -> !Meta.deleting(p)).toList();
            if (d.shouldRun() && alive.isEmpty()) {
                createOn.add(name);
            } else if (d.shouldContinueRunning()) {
                for (ObjectNode p : alive) {
                    if ("Failed".equals(Pods.phase(p))) {
                        recorder.warning(ds, "FailedDaemonPod", "Found failed daemon pod " + Meta.namespace(p) + "/" + Meta.name(p)
                                + " on node " + name + ", will try to kill it");
                        delete.add(p);
                    }
                }
                List<ObjectNode> running = alive.stream().filter(p -> !"Failed".equals(Pods.phase(p))).toList();
                boolean surging = running.stream().anyMatch(p -> hash.equals(Meta.labels(p).get(Revisions.HASH_LABEL)))
                        && running.stream().anyMatch(p -> !hash.equals(Meta.labels(p).get(Revisions.HASH_LABEL)));
                if (running.size() > 1 && !surging) {
                    List<ObjectNode> sorted = new ArrayList<>(running);
                    sorted.sort(DeploymentMath.BY_CREATION);
                    delete.addAll(sorted.subList(1, sorted.size())); // one per node: keep the oldest
                }
            } else {
                delete.addAll(alive);
            }
        }
        for (var e : byNode.entrySet()) {
            if (!nodeNames.contains(e.getKey())) {
                e.getValue().stream().filter(p -> !Meta.deleting(p)).forEach(delete::add);
            }
        }
        if (createOn.isEmpty() && delete.isEmpty()) {
            rollingUpdate(ds, byNode, hash, now, minReady, createOn, delete);
        }
        apply(ds, key, hash, createOn, delete);
    }

    private void rollingUpdate(ObjectNode ds, Map<String, List<ObjectNode>> byNode, String hash, Instant now, int minReady,
                               List<String> createOn, List<ObjectNode> delete) {
        JsonNode strategy = ds.path("spec").path("updateStrategy");
        if (!"RollingUpdate".equals(strategy.path("type").asText("RollingUpdate"))) {
            return;
        }
        List<String> desiredNodes = new ArrayList<>();
        for (ObjectNode node : nodes.list()) {
            if (DaemonPlacement.decide(ds, node).shouldRun()) {
                desiredNodes.add(Meta.name(node));
            }
        }
        int desired = desiredNodes.size();
        int maxSurge = IntOrPercent.scaled(strategy.path("rollingUpdate").get("maxSurge"), desired, true, 0);
        int maxUnavailable = IntOrPercent.scaled(strategy.path("rollingUpdate").get("maxUnavailable"), desired, true, 1);
        if (maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1;
        }
        int unavailable = 0;
        for (String n : desiredNodes) {
            if (byNode.getOrDefault(n, List.of()).stream().noneMatch(p -> !Meta.deleting(p) && Pods.available(p, minReady, now))) {
                unavailable++;
            }
        }
        int surged = 0;
        for (String n : desiredNodes) {
            List<ObjectNode> here = byNode.getOrDefault(n, List.of()).stream().filter(p -> !Meta.deleting(p)).toList();
            ObjectNode fresh = here.stream().filter(p -> hash.equals(Meta.labels(p).get(Revisions.HASH_LABEL))).findFirst().orElse(null);
            List<ObjectNode> old = here.stream().filter(p -> !hash.equals(Meta.labels(p).get(Revisions.HASH_LABEL))).toList();
            if (old.isEmpty()) {
                if (fresh != null && !Pods.available(fresh, minReady, now)) {
                    surged++;
                }
                continue;
            }
            boolean oldAvailable = old.stream().anyMatch(p -> Pods.available(p, minReady, now));
            if (maxSurge == 0) {
                if (!oldAvailable) {
                    delete.addAll(old); // already unavailable: replacing costs nothing
                } else if (unavailable < maxUnavailable) {
                    delete.addAll(old);
                    unavailable++;
                }
            } else if (fresh == null) {
                if (!oldAvailable) {
                    delete.addAll(old);
                } else if (surged < maxSurge) {
                    createOn.add(n);
                    surged++;
                }
            } else if (Pods.available(fresh, minReady, now)) {
                delete.addAll(old);
            } else {
                surged++;
            }
        }
    }

    private void apply(ObjectNode ds, String key, String hash, List<String> createOn, List<ObjectNode> delete) {
        if (!createOn.isEmpty()) {
            expectations.expectCreations(key, createOn.size());
            List<Runnable> tasks = new ArrayList<>();
            for (String node : createOn) {
                tasks.add(() -> {
                    try {
                        podControl.create(newPod(ds, hash, node), ds);
                    } catch (RuntimeException e) {
                        expectations.creationObserved(key);
                        throw e;
                    }
                });
            }
            rethrow(parallel(tasks));
        }
        if (!delete.isEmpty()) {
            Set<String> keys = new HashSet<>();
            delete.forEach(p -> keys.add(Meta.key(p)));
            expectations.expectDeletions(key, keys);
            List<Runnable> tasks = new ArrayList<>();
            for (ObjectNode p : delete) {
                tasks.add(() -> {
                    try {
                        podControl.delete(p, ds);
                    } catch (RuntimeException e) {
                        expectations.deletionObserved(key, Meta.key(p));
                        if (!notFound(e)) {
                            throw e;
                        }
                    }
                });
            }
            rethrow(parallel(tasks));
        }
    }

    private static void rethrow(List<Throwable> errors) {
        if (!errors.isEmpty()) {
            throw errors.getFirst() instanceof RuntimeException re ? re : new RuntimeException(errors.getFirst());
        }
    }

    static ObjectNode newPod(ObjectNode ds, String hash, String node) {
        ObjectNode pod = PodControl.fromTemplate(ds.path("spec").path("template"), ds);
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        meta.put("generateName", PodControl.prefix(Meta.name(ds)));
        Meta.obj(meta, "labels").put(Revisions.HASH_LABEL, hash).put(GENERATION_LABEL, String.valueOf(Meta.generation(ds)));
        ObjectNode spec = (ObjectNode) pod.get("spec");
        DaemonPlacement.addDefaultTolerations(spec);
        DaemonPlacement.pinToNode(spec, node);
        return pod;
    }

    private void writeStatus(ObjectNode ds, Map<String, List<ObjectNode>> byNode, String hash, Instant now, int minReady) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int updated = 0;
        int available = 0;
        for (ObjectNode node : nodes.list()) {
            DaemonPlacement.Decision d = DaemonPlacement.decide(ds, node);
            List<ObjectNode> here = byNode.getOrDefault(Meta.name(node), List.of()).stream().filter(p -> !Meta.deleting(p)).toList();
            if (d.shouldRun()) {
                desired++;
                if (!here.isEmpty()) {
                    current++;
                    if (here.stream().anyMatch(Pods::ready)) {
                        ready++;
                    }
                    if (here.stream().anyMatch(p -> Pods.available(p, minReady, now))) {
                        available++;
                    }
                    if (here.stream().anyMatch(p -> hash.equals(Meta.labels(p).get(Revisions.HASH_LABEL)))) {
                        updated++;
                    }
                }
            } else if (!here.isEmpty()) {
                misscheduled++;
            }
        }
        ObjectNode s = Meta.MAPPER.createObjectNode();
        s.put("currentNumberScheduled", current).put("numberMisscheduled", misscheduled).put("desiredNumberScheduled", desired)
                .put("numberReady", ready).put("observedGeneration", Meta.generation(ds)).put("updatedNumberScheduled", updated)
                .put("numberAvailable", available).put("numberUnavailable", Math.max(0, desired - available));
        if (ds.path("status").has("collisionCount")) {
            s.set("collisionCount", ds.path("status").get("collisionCount"));
        }
        if (Meta.semanticEquals(ds.path("status"), s)) {
            return;
        }
        ObjectNode copy = ds.deepCopy();
        copy.set("status", s);
        await(client.updateStatus(Resources.DAEMON_SETS, Meta.namespace(ds), copy, WriteOptions.manager(COMPONENT)));
    }
}
