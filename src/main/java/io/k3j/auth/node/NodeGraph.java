package io.k3j.auth.node;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Upstream's node authorizer graph, kept in the shape its questions need. Upstream stores vertices and edges
 * (secret → pod → node, pvc → pod, pv → pvc, secret → pv, volumeattachment → node) and walks them; here each
 * node keeps a count of how many of its pods reach each object, so "does node n reach secret s" is a hash lookup,
 * plus one more hop through the PVs that name the secret. Counts, not sets, because two pods on a node may share
 * a secret and deleting one must not revoke the other's.
 *
 * <p>Updated by one writer (the API server's feed) and read by request handlers on any thread: a read-write lock
 * keeps a pod's edges appearing and disappearing at once.
 */
public final class NodeGraph {

    /** A pod bound to a node and what it reaches (itself included). */
    private record PodEntry(String node, Set<ObjectRef> reaches) {
    }

    /** A bound PV: its claim and the secrets it hands to the kubelet. */
    private record PvEntry(ObjectRef claim, Set<ObjectRef> secrets) {
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** "ns/name" → the pod's entry; only pods with spec.nodeName. */
    private final Map<String, PodEntry> pods = new HashMap<>();
    /** node → object → number of the node's pods that reach it. */
    private final Map<String, Map<ObjectRef, Integer>> reach = new HashMap<>();
    private final Map<String, PvEntry> pvs = new HashMap<>();
    /** secret → names of the bound PVs that hand it out. */
    private final Map<ObjectRef, Set<String>> pvsBySecret = new HashMap<>();
    /** VolumeAttachment name → node. */
    private final Map<String, String> attachments = new HashMap<>();

    /** Adds or replaces a pod; a pod not (yet) bound to a node is dropped, as it grants nothing. */
    public void upsertPod(JsonNode pod) {
        JsonNode meta = pod.path("metadata");
        String key = meta.path("namespace").asText("") + "/" + meta.path("name").asText("");
        String node = pod.path("spec").path("nodeName").asText("");
        Set<ObjectRef> refs = null;
        if (!node.isEmpty()) {
            refs = PodReferences.of(pod);
            refs.add(new ObjectRef(ObjectRef.Kind.POD, meta.path("namespace").asText(""), meta.path("name").asText("")));
        }
        lock.writeLock().lock();
        try {
            removePodLocked(key);
            if (refs != null) {
                PodEntry e = new PodEntry(node, Set.copyOf(refs));
                pods.put(key, e);
                Map<ObjectRef, Integer> counts = reach.computeIfAbsent(node, n -> new HashMap<>());
                e.reaches().forEach(r -> counts.merge(r, 1, Integer::sum));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void removePod(String namespace, String name) {
        lock.writeLock().lock();
        try {
            removePodLocked(namespace + "/" + name);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removePodLocked(String key) {
        PodEntry old = pods.remove(key);
        if (old == null) {
            return;
        }
        Map<ObjectRef, Integer> counts = reach.get(old.node());
        for (ObjectRef r : old.reaches()) {
            counts.computeIfPresent(r, (k, c) -> c == 1 ? null : c - 1);
        }
        if (counts.isEmpty()) {
            reach.remove(old.node());
        }
    }

    /** Adds or replaces a PersistentVolume; an unbound one (no claimRef) reaches nothing. */
    public void upsertPv(JsonNode pv) {
        String name = pv.path("metadata").path("name").asText("");
        ObjectRef claim = PvReferences.claim(pv);
        Set<ObjectRef> secrets = claim == null ? Set.of() : PvReferences.secrets(pv);
        lock.writeLock().lock();
        try {
            removePvLocked(name);
            if (claim != null) {
                pvs.put(name, new PvEntry(claim, secrets));
                secrets.forEach(s -> pvsBySecret.computeIfAbsent(s, k -> new HashSet<>()).add(name));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void removePv(String name) {
        lock.writeLock().lock();
        try {
            removePvLocked(name);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removePvLocked(String name) {
        PvEntry old = pvs.remove(name);
        if (old == null) {
            return;
        }
        for (ObjectRef s : old.secrets()) {
            Set<String> names = pvsBySecret.get(s);
            if (names != null && names.remove(name) && names.isEmpty()) {
                pvsBySecret.remove(s);
            }
        }
    }

    /** Adds or replaces a VolumeAttachment (spec.nodeName is the node it attaches to). */
    public void upsertVolumeAttachment(JsonNode va) {
        String name = va.path("metadata").path("name").asText("");
        String node = va.path("spec").path("nodeName").asText("");
        lock.writeLock().lock();
        try {
            if (node.isEmpty()) {
                attachments.remove(name);
            } else {
                attachments.put(name, node);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void removeVolumeAttachment(String name) {
        lock.writeLock().lock();
        try {
            attachments.remove(name);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Forgets every pod and adds these (after the feed re-listed pods). */
    public void replacePods(Collection<? extends JsonNode> all) {
        lock.writeLock().lock();
        try {
            pods.clear();
            reach.clear();
            all.forEach(this::upsertPod); // the write lock is reentrant: readers see the old set or the new, never a gap
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void replacePvs(Collection<? extends JsonNode> all) {
        lock.writeLock().lock();
        try {
            pvs.clear();
            pvsBySecret.clear();
            all.forEach(this::upsertPv);
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void replaceVolumeAttachments(Collection<? extends JsonNode> all) {
        lock.writeLock().lock();
        try {
            attachments.clear();
            all.forEach(this::upsertVolumeAttachment);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Whether {@code node} reaches the object: a pod bound to it (or the pod itself) names it; for a PV, its claim
     * is reached; for a secret, also a bound PV whose claim is reached hands it out; a VolumeAttachment names it.
     */
    public boolean reaches(String node, ObjectRef target) {
        lock.readLock().lock();
        try {
            return switch (target.kind()) {
                case VOLUME_ATTACHMENT -> node.equals(attachments.get(target.name()));
                case PV -> reachesPvLocked(node, target.name());
                case SECRET -> counted(node, target) || viaPv(node, target);
                default -> counted(node, target);
            };
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of pods bound to nodes that the graph holds (for tests and figures). */
    public int podCount() {
        lock.readLock().lock();
        try {
            return pods.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    private boolean counted(String node, ObjectRef target) {
        Map<ObjectRef, Integer> counts = reach.get(node);
        return counts != null && counts.containsKey(target);
    }

    private boolean reachesPvLocked(String node, String pv) {
        PvEntry e = pvs.get(pv);
        return e != null && counted(node, e.claim());
    }

    private boolean viaPv(String node, ObjectRef secret) {
        Set<String> names = pvsBySecret.get(secret);
        if (names == null) {
            return false;
        }
        for (String pv : names) {
            if (reachesPvLocked(node, pv)) {
                return true;
            }
        }
        return false;
    }
}
