package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.DeleteOptions;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** One reconcile of one StatefulSet (see {@link StatefulSetController}). */
final class StatefulSetSync {

    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private final StatefulSetController c;
    private final ObjectNode set;
    private final List<ObjectNode> pods;
    private final Instant now;
    private final int replicas;
    private final int start;
    private final boolean parallel;
    private final int minReady;

    StatefulSetSync(StatefulSetController c, ObjectNode set, List<ObjectNode> pods) {
        this.c = c;
        this.set = set;
        this.pods = pods;
        this.now = c.now();
        this.replicas = Meta.intOr(set.path("spec").path("replicas"), 1);
        this.start = set.path("spec").path("ordinals").path("start").asInt(0);
        this.parallel = "Parallel".equals(set.path("spec").path("podManagementPolicy").asText());
        this.minReady = set.path("spec").path("minReadySeconds").asInt(0);
    }

    /** The ordinal of {@code pod} if it is named {@code <set>-<n>}, else -1. */
    static int ordinal(String setName, JsonNode pod) {
        String name = Meta.name(pod);
        if (!name.startsWith(setName + "-")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(name.substring(setName.length() + 1));
            return n >= 0 && name.equals(setName + "-" + n) ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean healthy(JsonNode pod) {
        return "Running".equals(Pods.phase(pod)) && Pods.ready(pod) && !Meta.deleting(pod);
    }

    void run() {
        List<ObjectNode> existing = Indexes.controlledBy(c.revisions, Meta.uid(set));
        Revisions.Picked picked = c.history.pick(set, existing, set.path("status").path("currentRevision").asText(""));
        String currentRev = Meta.name(picked.current());
        String updateRev = Meta.name(picked.update());
        ObjectNode currentSet = Revisions.apply(set, picked.current());
        ObjectNode updateSet = Revisions.apply(set, picked.update());

        TreeMap<Integer, ObjectNode> byOrdinal = new TreeMap<>();
        List<ObjectNode> condemned = new ArrayList<>();
        for (ObjectNode p : pods) {
            int o = ordinal(Meta.name(set), p);
            if (o >= start && o < start + replicas) {
                byOrdinal.put(o, p);
            } else if (o >= 0) {
                condemned.add(p);
            }
        }
        condemned.sort((a, b) -> Integer.compare(ordinal(Meta.name(set), b), ordinal(Meta.name(set), a)));
        if (!Meta.deleting(set)) {
            act(byOrdinal, condemned, currentSet, updateSet, currentRev, updateRev);
        }
        writeStatus(currentRev, updateRev, picked.collisionCount());
        Set<String> live = new HashSet<>(Set.of(currentRev, updateRev));
        pods.forEach(p -> live.add(Meta.labels(p).getOrDefault(Revisions.HASH_LABEL, "")));
        c.history.truncate(picked.all(), live, set.path("spec").path("revisionHistoryLimit").asInt(10));
    }

    private void act(TreeMap<Integer, ObjectNode> byOrdinal, List<ObjectNode> condemned, ObjectNode currentSet,
                     ObjectNode updateSet, String currentRev, String updateRev) {
        boolean monotonic = !parallel;
        // Finished pods are replaced: delete them first.
        for (ObjectNode p : List.copyOf(byOrdinal.values())) {
            if (Pods.terminal(p) && !Meta.deleting(p)) {
                c.recorder.normal(set, "RecreatingFailedPod", "StatefulSet " + Meta.namespace(set) + "/" + Meta.name(set)
                        + " is recreating failed Pod " + Meta.name(p));
                deletePod(p);
                if (monotonic) {
                    return;
                }
            }
        }
        List<Runnable> creates = new ArrayList<>();
        for (int o = start; o < start + replicas; o++) {
            ObjectNode p = byOrdinal.get(o);
            if (p == null) {
                boolean current = useCurrent(o);
                ObjectNode pod = newPod(current ? currentSet : updateSet, current ? currentRev : updateRev, o);
                if (monotonic) {
                    createPod(pod);
                    return;
                }
                creates.add(() -> createPod(pod));
                continue;
            }
            ensureClaims(p, o);
            if (monotonic && (Meta.deleting(p) || !healthy(p))) {
                return; // OrderedReady: wait for this one before the next
            }
            if (monotonic && minReady > 0 && !Pods.available(p, minReady, now)) {
                Instant since = Pods.readySince(p);
                c.requeueAfter(set, since == null ? 1000 : since.plusSeconds(minReady).toEpochMilli() - now.toEpochMilli() + 100);
                return;
            }
        }
        if (!creates.isEmpty()) {
            rethrow(WorkloadController.parallel(creates));
            return;
        }
        for (ObjectNode p : condemned) {
            if (Meta.deleting(p)) {
                if (monotonic) {
                    return;
                }
                continue;
            }
            if (monotonic && byOrdinal.values().stream().anyMatch(x -> !healthy(x))) {
                return;
            }
            retainOrReleaseClaims(p);
            deletePod(p);
            if (monotonic) {
                return;
            }
        }
        rollingUpdate(byOrdinal, updateRev);
    }

    private boolean useCurrent(int ordinal) {
        JsonNode strategy = set.path("spec").path("updateStrategy");
        if (!"RollingUpdate".equals(strategy.path("type").asText("RollingUpdate"))) {
            return false;
        }
        JsonNode partition = strategy.path("rollingUpdate").path("partition");
        int current = set.path("status").path("currentReplicas").asInt(0);
        return partition.isNumber() ? ordinal < partition.asInt() : ordinal < current;
    }

    /** RollingUpdate: the highest ordinal at or above the partition not yet on the update revision is replaced. */
    private void rollingUpdate(TreeMap<Integer, ObjectNode> byOrdinal, String updateRev) {
        JsonNode strategy = set.path("spec").path("updateStrategy");
        if (!"RollingUpdate".equals(strategy.path("type").asText("RollingUpdate"))) {
            return; // OnDelete: pods change revision only when someone deletes them
        }
        int partition = strategy.path("rollingUpdate").path("partition").asInt(0);
        if (byOrdinal.values().stream().anyMatch(p -> !healthy(p))) {
            return;
        }
        for (int o : byOrdinal.descendingKeySet()) {
            if (o < start + partition) {
                break;
            }
            ObjectNode p = byOrdinal.get(o);
            if (!updateRev.equals(Meta.labels(p).get(Revisions.HASH_LABEL))) {
                deletePod(p);
                return;
            }
        }
    }

    private ObjectNode newPod(ObjectNode versioned, String revision, int ordinal) {
        ObjectNode pod = PodControl.fromTemplate(versioned.path("spec").path("template"), set);
        String name = Meta.name(set) + "-" + ordinal;
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        meta.put("name", name);
        Meta.obj(meta, "labels").put(POD_NAME_LABEL, name).put(Revisions.HASH_LABEL, revision)
                .put(POD_INDEX_LABEL, String.valueOf(ordinal));
        ObjectNode spec = (ObjectNode) pod.get("spec");
        spec.put("hostname", name);
        if (!set.path("spec").path("serviceName").asText("").isEmpty()) {
            spec.put("subdomain", set.path("spec").path("serviceName").asText());
        }
        ArrayNode volumes = Meta.arr(spec, "volumes");
        for (JsonNode t : StatefulSetController.templates(set)) {
            String claimName = Meta.name(t);
            for (int i = volumes.size() - 1; i >= 0; i--) {
                if (claimName.equals(volumes.get(i).path("name").asText())) {
                    volumes.remove(i);
                }
            }
            volumes.addObject().put("name", claimName).putObject("persistentVolumeClaim")
                    .put("claimName", claimName + "-" + name);
        }
        if (volumes.isEmpty()) {
            spec.remove("volumes");
        }
        return pod;
    }

    private ObjectNode claimFor(JsonNode template, int ordinal) {
        ObjectNode claim = Meta.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "PersistentVolumeClaim");
        ObjectNode meta = claim.putObject("metadata");
        meta.put("name", Meta.name(template) + "-" + Meta.name(set) + "-" + ordinal).put("namespace", Meta.namespace(set));
        ObjectNode labels = template.path("metadata").path("labels").isObject()
                ? template.path("metadata").path("labels").deepCopy() : Meta.MAPPER.createObjectNode();
        set.path("spec").path("selector").path("matchLabels").properties().forEach(e -> labels.set(e.getKey(), e.getValue()));
        meta.set("labels", labels);
        if (template.path("metadata").path("annotations").isObject()) {
            meta.set("annotations", template.path("metadata").path("annotations").deepCopy());
        }
        if ("Delete".equals(set.path("spec").path("persistentVolumeClaimRetentionPolicy").path("whenDeleted").asText())) {
            ObjectNode ref = OwnerRefs.controllerRef(set);
            ref.remove("controller");
            meta.putArray("ownerReferences").add(ref);
        }
        claim.set("spec", template.path("spec").deepCopy());
        return claim;
    }

    private void ensureClaims(ObjectNode pod, int ordinal) {
        for (JsonNode t : StatefulSetController.templates(set)) {
            c.ensureClaim(set, pod, claimFor(t, ordinal));
        }
    }

    /** whenScaled=Delete: a condemned pod's claims become owned by the pod, so they go with it. */
    private void retainOrReleaseClaims(ObjectNode pod) {
        if (!"Delete".equals(set.path("spec").path("persistentVolumeClaimRetentionPolicy").path("whenScaled").asText())) {
            return;
        }
        int ordinal = ordinal(Meta.name(set), pod);
        for (JsonNode t : StatefulSetController.templates(set)) {
            String name = Meta.name(t) + "-" + Meta.name(set) + "-" + ordinal;
            if (c.claims.get(Meta.namespace(set), name) == null) {
                continue;
            }
            ObjectNode ref = OwnerRefs.controllerRef(pod);
            ref.remove("controller");
            ObjectNode patch = Meta.MAPPER.createObjectNode();
            patch.putObject("metadata").putArray("ownerReferences").add(ref);
            try {
                WorkloadController.await(c.client.patch(Resources.PVCS, Meta.namespace(set), name, PatchType.STRATEGIC,
                        patch.toString(), "", WriteOptions.manager(StatefulSetController.COMPONENT)));
            } catch (RuntimeException e) {
                if (!WorkloadController.notFound(e)) {
                    throw e;
                }
            }
        }
    }

    private void createPod(ObjectNode pod) {
        int ordinal = ordinal(Meta.name(set), pod);
        for (JsonNode t : StatefulSetController.templates(set)) {
            c.ensureClaim(set, pod, claimFor(t, ordinal));
        }
        try {
            WorkloadController.await(c.client.create(Resources.PODS, Meta.namespace(set), pod,
                    WriteOptions.manager(StatefulSetController.COMPONENT)));
            c.recorder.normal(set, "SuccessfulCreate", "create Pod " + Meta.name(pod) + " in StatefulSet " + Meta.name(set) + " successful");
        } catch (RuntimeException e) {
            if (e instanceof io.k3j.client.KubeApiException k && k.alreadyExists()) {
                return; // our cache lags: the next sync sees it
            }
            c.recorder.warning(set, "FailedCreate", "create Pod " + Meta.name(pod) + " in StatefulSet " + Meta.name(set)
                    + " failed error: " + e.getMessage());
            throw e;
        }
    }

    private void deletePod(ObjectNode pod) {
        try {
            WorkloadController.await(c.client.delete(Resources.PODS, Meta.namespace(pod), Meta.name(pod), DeleteOptions.DEFAULT));
            c.recorder.normal(set, "SuccessfulDelete", "delete Pod " + Meta.name(pod) + " in StatefulSet " + Meta.name(set) + " successful");
        } catch (RuntimeException e) {
            if (!WorkloadController.notFound(e)) {
                c.recorder.warning(set, "FailedDelete", "delete Pod " + Meta.name(pod) + " in StatefulSet " + Meta.name(set)
                        + " failed error: " + e.getMessage());
                throw e;
            }
        }
    }

    private static void rethrow(List<Throwable> errors) {
        if (!errors.isEmpty()) {
            throw errors.getFirst() instanceof RuntimeException re ? re : new RuntimeException(errors.getFirst());
        }
    }

    private void writeStatus(String currentRev, String updateRev, int collisions) {
        int count = 0;
        int ready = 0;
        int available = 0;
        int current = 0;
        int updated = 0;
        for (ObjectNode p : pods) {
            if (ordinal(Meta.name(set), p) < 0 || Meta.deleting(p)) {
                continue;
            }
            count++;
            if (Pods.ready(p) && "Running".equals(Pods.phase(p))) {
                ready++;
                if (Pods.available(p, minReady, now)) {
                    available++;
                }
            }
            String rev = Meta.labels(p).get(Revisions.HASH_LABEL);
            if (currentRev.equals(rev)) {
                current++;
            }
            if (updateRev.equals(rev)) {
                updated++;
            }
        }
        ObjectNode s = Meta.MAPPER.createObjectNode();
        s.put("observedGeneration", Meta.generation(set));
        s.put("replicas", count).put("readyReplicas", ready).put("currentReplicas", current)
                .put("updatedReplicas", updated).put("availableReplicas", available);
        s.put("currentRevision", currentRev).put("updateRevision", updateRev).put("collisionCount", collisions);
        boolean rolling = "RollingUpdate".equals(set.path("spec").path("updateStrategy").path("type").asText("RollingUpdate"));
        if (rolling && updated == count && ready == count && count == replicas) {
            s.put("currentRevision", updateRev).put("currentReplicas", updated);
        }
        if (set.path("status").path("conditions").isArray()) {
            s.set("conditions", set.path("status").get("conditions"));
        }
        if (Meta.semanticEquals(set.path("status"), s)) {
            return;
        }
        set.set("status", s);
        c.writeStatus(set);
    }
}
