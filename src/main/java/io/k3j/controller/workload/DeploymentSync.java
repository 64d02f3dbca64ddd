package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeApiException;
import io.k3j.client.WriteOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One reconcile of one Deployment, step by step as upstream's syncDeployment: claim ReplicaSets, find or create the
 * new one (syncing revision annotations), then scale (paused or a scaling event), roll (RollingUpdate) or recreate,
 * clean up history, and write status. {@link #d} always holds the latest stored version, so consecutive writes in one
 * run do not conflict with each other.
 */
final class DeploymentSync {

    private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            DeploymentMath.REVISION, DeploymentMath.REVISION_HISTORY, DeploymentMath.DESIRED_REPLICAS,
            DeploymentMath.MAX_REPLICAS, "deprecated.deployment.rollback.to");
    private static final int MAX_REVISION_HISTORY_CHARS = 2000;

    private final DeploymentController c;
    private ObjectNode d;
    private final Instant now;
    /** The ReplicaSets this deployment controls, by name, updated as this run writes them. */
    private final Map<String, ObjectNode> owned = new LinkedHashMap<>();

    DeploymentSync(DeploymentController c, ObjectNode d) {
        this.c = c;
        this.d = d;
        this.now = c.now();
    }

    void run() {
        LabelSelector selector;
        try {
            selector = LabelSelector.fromJson(d.path("spec").path("selector"));
        } catch (SelectorException e) {
            return;
        }
        if (selector.isEmpty()) {
            c.recorder.warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            if (d.path("status").path("observedGeneration").asLong(0) < Meta.generation(d)) {
                Meta.obj(d, "status").put("observedGeneration", Meta.generation(d));
                d = c.writeStatus(d);
            }
            return;
        }
        for (ObjectNode rs : c.claims.claim(d, selector, Indexes.inNamespace(c.replicaSets, Meta.namespace(d)),
                Resources.DEPLOYMENTS)) {
            owned.put(Meta.name(rs), rs);
        }
        if (Meta.deleting(d)) {
            Pair p = newAndOld(false);
            syncStatus(p.all(), p.newRS());
            return;
        }
        checkPausedConditions();
        if (d.path("spec").path("paused").asBoolean(false) || scalingEvent()) {
            syncScaling();
            return;
        }
        if (DeploymentMath.rolling(d)) {
            rolling();
        } else {
            recreate();
        }
    }

    private record Pair(ObjectNode newRS, List<ObjectNode> old) {
        List<ObjectNode> all() {
            List<ObjectNode> all = new ArrayList<>(old);
            if (newRS != null) {
                all.add(newRS);
            }
            return all;
        }
    }

    private List<ObjectNode> fresh(List<ObjectNode> rss) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode rs : rss) {
            if (rs != null) {
                out.add(owned.getOrDefault(Meta.name(rs), rs));
            }
        }
        return out;
    }

    private ObjectNode fresh(ObjectNode rs) {
        return rs == null ? null : owned.getOrDefault(Meta.name(rs), rs);
    }

    private static List<ObjectNode> active(List<ObjectNode> rss) {
        return rss.stream().filter(rs -> rs != null && DeploymentMath.replicas(rs) > 0).toList();
    }

    // ---- new and old ReplicaSets -------------------------------------------------------------------------------

    static boolean equalIgnoreHash(JsonNode a, JsonNode b) {
        ObjectNode x = a.deepCopy();
        ObjectNode y = b.deepCopy();
        for (ObjectNode t : List.of(x, y)) {
            JsonNode labels = t.path("metadata").path("labels");
            if (labels instanceof ObjectNode l) {
                l.remove(DeploymentMath.HASH_LABEL);
            }
        }
        return Meta.semanticEquals(x, y);
    }

    private ObjectNode findNew() {
        List<ObjectNode> sorted = new ArrayList<>(owned.values());
        sorted.sort(DeploymentMath.BY_CREATION);
        for (ObjectNode rs : sorted) {
            if (equalIgnoreHash(rs.path("spec").path("template"), d.path("spec").path("template"))) {
                return rs;
            }
        }
        return null;
    }

    /** upstream's getAllReplicaSetsAndSyncRevision. */
    private Pair newAndOld(boolean create) {
        ObjectNode existing = findNew();
        List<ObjectNode> old = new ArrayList<>();
        for (ObjectNode rs : owned.values()) {
            if (existing == null || !Meta.name(rs).equals(Meta.name(existing))) {
                old.add(rs);
            }
        }
        return new Pair(newReplicaSet(existing, old, create), old);
    }

    private ObjectNode newReplicaSet(ObjectNode existing, List<ObjectNode> old, boolean create) {
        long newRevision = DeploymentMath.maxRevision(old) + 1;
        int minReady = d.path("spec").path("minReadySeconds").asInt(0);
        if (existing != null) {
            ObjectNode copy = existing.deepCopy();
            boolean annotations = setNewRSAnnotations(copy, newRevision, true);
            boolean minReadyChanged = copy.path("spec").path("minReadySeconds").asInt(0) != minReady;
            if (annotations || minReadyChanged) {
                ((ObjectNode) copy.get("spec")).put("minReadySeconds", minReady);
                copy = updateRS(copy);
            }
            setRevision(Meta.annotation(copy, DeploymentMath.REVISION));
            if (DeploymentStatus.hasProgressDeadline(d) && DeploymentStatus.get(d.path("status"), DeploymentStatus.PROGRESSING) == null) {
                DeploymentStatus.set(Meta.obj(d, "status"), DeploymentStatus.condition(DeploymentStatus.PROGRESSING, "True",
                        DeploymentStatus.FOUND_NEW_RS, "Found new replica set \"" + Meta.name(copy) + "\"", now));
                d = c.writeStatus(d);
            }
            return copy;
        }
        if (!create) {
            return null;
        }
        JsonNode cc = d.path("status").path("collisionCount");
        String hash = TemplateHash.of(d.path("spec").path("template"), cc.isNumber() ? cc.asInt() : null);
        ObjectNode rs = Meta.MAPPER.createObjectNode().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
        ObjectNode meta = rs.putObject("metadata");
        meta.put("name", Meta.name(d) + "-" + hash).put("namespace", Meta.namespace(d));
        meta.putArray("ownerReferences").add(OwnerRefs.controllerRef(d));
        ObjectNode spec = rs.putObject("spec");
        ObjectNode template = d.path("spec").path("template").deepCopy();
        Meta.obj(Meta.obj(template, "metadata"), "labels").put(DeploymentMath.HASH_LABEL, hash);
        meta.set("labels", template.path("metadata").path("labels").deepCopy());
        ObjectNode selector = d.path("spec").path("selector").deepCopy();
        Meta.obj(selector, "matchLabels").put(DeploymentMath.HASH_LABEL, hash);
        spec.put("replicas", 0).put("minReadySeconds", minReady);
        spec.set("selector", selector);
        spec.set("template", template);
        List<ObjectNode> all = new ArrayList<>(old);
        all.add(rs);
        int replicas = DeploymentMath.newRSNewReplicas(d, all, rs);
        spec.put("replicas", replicas);
        setNewRSAnnotations(rs, newRevision, false);
        ObjectNode created;
        boolean alreadyExists = false;
        try {
            created = WorkloadController.await(c.client.create(Resources.REPLICA_SETS, Meta.namespace(d), rs,
                    WriteOptions.manager(DeploymentController.COMPONENT)));
        } catch (KubeApiException e) {
            if (e.alreadyExists()) {
                ObjectNode found = WorkloadController.await(c.client.get(Resources.REPLICA_SETS, Meta.namespace(d), Meta.name(rs)));
                if (OwnerRefs.controlledBy(found, d) && equalIgnoreHash(d.path("spec").path("template"),
                        found.path("spec").path("template"))) {
                    created = found;
                    alreadyExists = true;
                } else {
                    // A hash collision: the next attempt hashes with a higher collisionCount.
                    Meta.obj(d, "status").put("collisionCount", (cc.isNumber() ? cc.asInt() : 0) + 1);
                    d = c.writeStatus(d);
                    throw e;
                }
            } else {
                if (DeploymentStatus.hasProgressDeadline(d)) {
                    String msg = "Failed to create new replica set \"" + Meta.name(rs) + "\": " + e.getMessage();
                    DeploymentStatus.set(Meta.obj(d, "status"), DeploymentStatus.condition(DeploymentStatus.PROGRESSING, "False",
                            DeploymentStatus.FAILED_RS_CREATE, msg, now));
                    d = c.writeStatus(d);
                    c.recorder.warning(d, DeploymentStatus.FAILED_RS_CREATE, msg);
                }
                throw e;
            }
        }
        owned.put(Meta.name(created), created);
        if (!alreadyExists && replicas > 0) {
            c.recorder.normal(d, "ScalingReplicaSet", "Scaled up replica set " + Meta.name(created) + " to " + replicas + " from 0");
        }
        setRevision(String.valueOf(newRevision));
        if (!alreadyExists && DeploymentStatus.hasProgressDeadline(d)) {
            DeploymentStatus.set(Meta.obj(d, "status"), DeploymentStatus.condition(DeploymentStatus.PROGRESSING, "True",
                    DeploymentStatus.NEW_RS_CREATED, "Created new replica set \"" + Meta.name(created) + "\"", now));
            d = c.writeStatus(d);
        }
        return created;
    }

    /** upstream's SetNewReplicaSetAnnotations; true when anything changed. */
    private boolean setNewRSAnnotations(ObjectNode rs, long newRevision, boolean exists) {
        ObjectNode ann = Meta.obj(Meta.obj(rs, "metadata"), "annotations");
        boolean changed = false;
        for (Map.Entry<String, String> e : Meta.annotations(d).entrySet()) {
            if (NOT_COPIED.contains(e.getKey()) || e.getValue().equals(ann.path(e.getKey()).asText(null))) {
                continue;
            }
            ann.put(e.getKey(), e.getValue());
            changed = true;
        }
        String oldRevision = ann.path(DeploymentMath.REVISION).asText(null);
        long oldInt = 0;
        if (oldRevision != null) {
            try {
                oldInt = Long.parseLong(oldRevision);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (oldInt < newRevision) {
            ann.put(DeploymentMath.REVISION, String.valueOf(newRevision));
            changed = true;
            if (oldRevision != null) {
                String history = ann.path(DeploymentMath.REVISION_HISTORY).asText("");
                history = history.isEmpty() ? oldRevision : history + "," + oldRevision;
                while (history.length() > MAX_REVISION_HISTORY_CHARS && history.contains(",")) {
                    history = history.substring(history.indexOf(',') + 1);
                }
                ann.put(DeploymentMath.REVISION_HISTORY, history);
            }
        }
        if (!exists && DeploymentMath.setReplicasAnnotations(rs, DeploymentMath.replicas(d),
                DeploymentMath.replicas(d) + DeploymentMath.maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    private void setRevision(String revision) {
        if (revision != null && !revision.equals(Meta.annotation(d, DeploymentMath.REVISION))) {
            ObjectNode patched = c.patchAnnotation(d, DeploymentMath.REVISION, revision);
            patched.set("status", d.path("status").deepCopy()); // keep this run's status, ahead of the stored one
            d = patched;
        }
    }

    private ObjectNode updateRS(ObjectNode rs) {
        ObjectNode updated = WorkloadController.await(c.client.update(Resources.REPLICA_SETS, Meta.namespace(rs), rs,
                WriteOptions.manager(DeploymentController.COMPONENT)));
        owned.put(Meta.name(updated), updated);
        return updated;
    }

    // ---- scaling ----------------------------------------------------------------------------------------------

    /** Scales and records "Scaled up/down replica set x to n from m"; false when already at that size. */
    private boolean scaleAndRecord(ObjectNode rs, int to) {
        rs = fresh(rs);
        if (DeploymentMath.replicas(rs) == to) {
            return false;
        }
        scale(rs, to, DeploymentMath.replicas(rs) < to ? "up" : "down");
        return true;
    }

    private void scale(ObjectNode rs, int to, String op) {
        rs = fresh(rs);
        int from = DeploymentMath.replicas(rs);
        int desired = DeploymentMath.replicas(d);
        int max = desired + DeploymentMath.maxSurge(d);
        boolean sizeChanges = from != to;
        if (!sizeChanges && !DeploymentMath.replicasAnnotationsNeedUpdate(rs, desired, max)) {
            return;
        }
        ObjectNode copy = rs.deepCopy();
        ((ObjectNode) copy.get("spec")).put("replicas", to);
        DeploymentMath.setReplicasAnnotations(copy, desired, max);
        updateRS(copy);
        if (sizeChanges) {
            c.recorder.normal(d, "ScalingReplicaSet", "Scaled " + op + " replica set " + Meta.name(rs) + " to " + to + " from " + from);
        }
    }

    private boolean scalingEvent() {
        Pair p = newAndOld(false);
        for (ObjectNode rs : active(p.all())) {
            String desired = Meta.annotation(rs, DeploymentMath.DESIRED_REPLICAS);
            if (desired != null && !desired.equals(String.valueOf(DeploymentMath.replicas(d)))) {
                return true;
            }
        }
        return false;
    }

    /** upstream's sync: scale only (paused deployments and scaling events), then status. */
    private void syncScaling() {
        Pair p = newAndOld(false);
        scaleProportionally(p.newRS(), p.old());
        if (d.path("spec").path("paused").asBoolean(false)) {
            cleanup(p.old());
        }
        syncStatus(fresh(p.all()), fresh(p.newRS()));
    }

    private void scaleProportionally(ObjectNode newRS, List<ObjectNode> old) {
        ObjectNode only = activeOrLatest(newRS, old);
        int desired = DeploymentMath.replicas(d);
        if (only != null) {
            if (DeploymentMath.replicas(only) != desired) {
                scaleAndRecord(only, desired);
            }
            return;
        }
        if (DeploymentMath.saturated(d, newRS)) {
            for (ObjectNode rs : active(old)) {
                scaleAndRecord(rs, 0);
            }
            return;
        }
        if (!DeploymentMath.rolling(d)) {
            return;
        }
        List<ObjectNode> all = new ArrayList<>(active(fresh(new Pair(newRS, old).all())));
        int allowed = desired > 0 ? desired + DeploymentMath.maxSurge(d) : 0;
        int toAdd = allowed - DeploymentMath.sumReplicas(all);
        String op = "";
        if (toAdd > 0) {
            all.sort(DeploymentMath.BY_SIZE_NEWER);
            op = "up";
        } else if (toAdd < 0) {
            all.sort(DeploymentMath.BY_SIZE_OLDER);
            op = "down";
        }
        int added = 0;
        Map<String, Integer> size = new LinkedHashMap<>();
        for (ObjectNode rs : all) {
            int n = DeploymentMath.replicas(rs);
            if (toAdd != 0) {
                int share = DeploymentMath.proportion(rs, d, toAdd, added);
                n += share;
                added += share;
            }
            size.put(Meta.name(rs), n);
        }
        for (int i = 0; i < all.size(); i++) {
            ObjectNode rs = all.get(i);
            if (i == 0 && toAdd != 0) {
                size.put(Meta.name(rs), Math.max(0, size.get(Meta.name(rs)) + toAdd - added));
            }
            scale(rs, size.get(Meta.name(rs)), op);
        }
    }

    private static ObjectNode activeOrLatest(ObjectNode newRS, List<ObjectNode> old) {
        if (newRS == null && old.isEmpty()) {
            return null;
        }
        List<ObjectNode> sorted = new ArrayList<>(old);
        sorted.sort(DeploymentMath.BY_CREATION.reversed());
        List<ObjectNode> all = new ArrayList<>(sorted);
        if (newRS != null) {
            all.add(newRS);
        }
        List<ObjectNode> act = active(all);
        return switch (act.size()) {
            case 0 -> newRS != null ? newRS : sorted.getFirst();
            case 1 -> act.getFirst();
            default -> null;
        };
    }

    // ---- strategies -------------------------------------------------------------------------------------------

    private void rolling() {
        Pair p = newAndOld(true);
        ObjectNode newRS = p.newRS();
        if (reconcileNew(p.all(), newRS)) {
            rolloutStatus(fresh(p.all()), fresh(newRS));
            return;
        }
        if (reconcileOld(fresh(p.all()), active(fresh(p.old())), fresh(newRS))) {
            rolloutStatus(fresh(p.all()), fresh(newRS));
            return;
        }
        if (DeploymentStatus.complete(d, d.path("status"))) {
            cleanup(fresh(p.old()));
        }
        rolloutStatus(fresh(p.all()), fresh(newRS));
    }

    private boolean reconcileNew(List<ObjectNode> all, ObjectNode newRS) {
        int desired = DeploymentMath.replicas(d);
        int current = DeploymentMath.replicas(newRS);
        if (current == desired) {
            return false;
        }
        if (current > desired) {
            return scaleAndRecord(newRS, desired);
        }
        return scaleAndRecord(newRS, DeploymentMath.newRSNewReplicas(d, all, newRS));
    }

    private boolean reconcileOld(List<ObjectNode> all, List<ObjectNode> old, ObjectNode newRS) {
        if (DeploymentMath.sumReplicas(old) == 0) {
            return false;
        }
        int minAvailable = DeploymentMath.replicas(d) - DeploymentMath.maxUnavailable(d);
        int newUnavailable = DeploymentMath.replicas(newRS) - DeploymentMath.available(newRS);
        int maxScaledDown = DeploymentMath.sumReplicas(all) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        int cleaned = cleanupUnhealthy(old, maxScaledDown);
        List<ObjectNode> all2 = new ArrayList<>(fresh(old));
        all2.add(fresh(newRS));
        int scaledDown = scaleDownOld(all2, fresh(old));
        return cleaned + scaledDown > 0;
    }

    /** Scales down old ReplicaSets' unavailable replicas first: they cost no availability. */
    private int cleanupUnhealthy(List<ObjectNode> old, int max) {
        List<ObjectNode> sorted = new ArrayList<>(old);
        sorted.sort(DeploymentMath.BY_CREATION);
        int total = 0;
        for (ObjectNode rs : sorted) {
            if (total >= max) {
                break;
            }
            int replicas = DeploymentMath.replicas(rs);
            int unavailable = replicas - DeploymentMath.available(rs);
            if (replicas == 0 || unavailable <= 0) {
                continue;
            }
            int n = Math.min(max - total, unavailable);
            scaleAndRecord(rs, replicas - n);
            total += n;
        }
        return total;
    }

    private int scaleDownOld(List<ObjectNode> all, List<ObjectNode> old) {
        int minAvailable = DeploymentMath.replicas(d) - DeploymentMath.maxUnavailable(d);
        int available = DeploymentMath.sumAvailable(all);
        if (available <= minAvailable) {
            return 0;
        }
        List<ObjectNode> sorted = new ArrayList<>(old);
        sorted.sort(DeploymentMath.BY_CREATION);
        int budget = available - minAvailable;
        int total = 0;
        for (ObjectNode rs : sorted) {
            if (total >= budget) {
                break;
            }
            int replicas = DeploymentMath.replicas(rs);
            if (replicas == 0) {
                continue;
            }
            int n = Math.min(replicas, budget - total);
            scaleAndRecord(rs, replicas - n);
            total += n;
        }
        return total;
    }

    private void recreate() {
        Pair p = newAndOld(false);
        boolean scaledDown = false;
        for (ObjectNode rs : active(p.old())) {
            scaledDown |= scaleAndRecord(rs, 0);
        }
        if (scaledDown) {
            rolloutStatus(fresh(p.all()), fresh(p.newRS()));
            return;
        }
        if (oldPodsRunning(p.newRS(), fresh(p.old()))) {
            rolloutStatus(fresh(p.all()), fresh(p.newRS()));
            return;
        }
        if (p.newRS() == null) {
            p = newAndOld(true);
        }
        scaleAndRecord(p.newRS(), DeploymentMath.replicas(d));
        if (DeploymentStatus.complete(d, d.path("status"))) {
            cleanup(fresh(p.old()));
        }
        rolloutStatus(fresh(p.all()), fresh(p.newRS()));
    }

    private boolean oldPodsRunning(ObjectNode newRS, List<ObjectNode> old) {
        if (DeploymentMath.sumStatusReplicas(old) > 0) {
            return true;
        }
        for (ObjectNode rs : owned.values()) {
            if (newRS != null && Meta.uid(rs).equals(Meta.uid(newRS))) {
                continue;
            }
            for (ObjectNode pod : Indexes.controlledBy(c.pods, Meta.uid(rs))) {
                if (!Pods.terminal(pod)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- history, conditions and status ------------------------------------------------------------------------

    private void cleanup(List<ObjectNode> old) {
        JsonNode limitNode = d.path("spec").path("revisionHistoryLimit");
        if (!limitNode.isNumber() || limitNode.asInt() == Integer.MAX_VALUE) {
            return;
        }
        List<ObjectNode> cleanable = new ArrayList<>(old.stream().filter(rs -> !Meta.deleting(rs)).toList());
        int diff = cleanable.size() - limitNode.asInt();
        if (diff <= 0) {
            return;
        }
        cleanable.sort(DeploymentMath.BY_REVISION);
        for (int i = 0; i < diff; i++) {
            ObjectNode rs = cleanable.get(i);
            if (DeploymentMath.statusReplicas(rs) != 0 || DeploymentMath.replicas(rs) != 0 || Meta.deleting(rs)
                    || Meta.generation(rs) > rs.path("status").path("observedGeneration").asLong(0)) {
                continue;
            }
            try {
                WorkloadController.await(c.client.delete(Resources.REPLICA_SETS, Meta.namespace(rs), Meta.name(rs), DeleteOptions.DEFAULT));
                owned.remove(Meta.name(rs));
            } catch (RuntimeException e) {
                if (!WorkloadController.notFound(e)) {
                    throw e;
                }
            }
        }
    }

    private void checkPausedConditions() {
        if (!DeploymentStatus.hasProgressDeadline(d)) {
            return;
        }
        JsonNode cond = DeploymentStatus.get(d.path("status"), DeploymentStatus.PROGRESSING);
        if (cond != null && DeploymentStatus.TIMED_OUT.equals(cond.path("reason").asText())) {
            return;
        }
        boolean pausedCond = cond != null && DeploymentStatus.PAUSED.equals(cond.path("reason").asText());
        boolean paused = d.path("spec").path("paused").asBoolean(false);
        if (paused && !pausedCond) {
            DeploymentStatus.set(Meta.obj(d, "status"), DeploymentStatus.condition(DeploymentStatus.PROGRESSING, "Unknown",
                    DeploymentStatus.PAUSED, "Deployment is paused", now));
        } else if (!paused && pausedCond) {
            DeploymentStatus.set(Meta.obj(d, "status"), DeploymentStatus.condition(DeploymentStatus.PROGRESSING, "Unknown",
                    DeploymentStatus.RESUMED, "Deployment is resumed", now));
        } else {
            return;
        }
        d = c.writeStatus(d);
    }

    private void syncStatus(List<ObjectNode> all, ObjectNode newRS) {
        ObjectNode s = DeploymentStatus.calculate(d, all, newRS, now);
        if (!Meta.semanticEquals(d.path("status"), s)) {
            d.set("status", s);
            d = c.writeStatus(d);
        }
    }

    private void rolloutStatus(List<ObjectNode> all, ObjectNode newRS) {
        ObjectNode s = DeploymentStatus.calculate(d, all, newRS, now);
        DeploymentStatus.rollout(d, s, newRS, all, now);
        if (Meta.semanticEquals(d.path("status"), s)) {
            long after = DeploymentStatus.requeueAfter(d, s, now);
            if (after >= 0) {
                c.requeueAfter(d, Math.max(after, 1000));
            }
            return;
        }
        d.set("status", s);
        d = c.writeStatus(d);
    }

}
