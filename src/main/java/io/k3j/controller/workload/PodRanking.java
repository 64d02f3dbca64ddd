package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a controller scales down, as upstream's ActivePodsWithRanks (with LogarithmicScaleDown and
 * PodDeletionCost, both on in 1.33): the pod that sorts first is deleted first.
 * <ol>
 * <li>unassigned before assigned</li>
 * <li>Pending before Unknown before Running</li>
 * <li>not ready before ready</li>
 * <li>lower controller.kubernetes.io/pod-deletion-cost first</li>
 * <li>pods doubled up on a node with more related pods first (higher rank)</li>
 * <li>ready for a shorter time first (compared in powers-of-two buckets of age)</li>
 * <li>more container restarts first</li>
 * <li>newer first (again in log buckets), then by UID</li>
 * </ol>
 */
final class PodRanking implements Comparator<JsonNode> {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private final Map<JsonNode, Integer> ranks;
    private final Instant now;

    PodRanking(Map<JsonNode, Integer> ranks, Instant now) {
        this.ranks = ranks;
        this.now = now;
    }

    /**
     * The {@code n} pods to delete from {@code pods}, ranking each by how many {@code related} active pods share its node
     * (upstream's getPodsRankedByRelatedPodsOnSameNode).
     */
    static List<ObjectNode> toDelete(List<ObjectNode> pods, List<ObjectNode> related, int n, Instant now) {
        if (n >= pods.size()) {
            return pods;
        }
        Map<String, Integer> onNode = new HashMap<>();
        for (ObjectNode p : related) {
            if (Pods.active(p)) {
                onNode.merge(Pods.nodeName(p), 1, Integer::sum);
            }
        }
        Map<JsonNode, Integer> ranks = new java.util.IdentityHashMap<>();
        for (ObjectNode p : pods) {
            ranks.put(p, onNode.getOrDefault(Pods.nodeName(p), 0));
        }
        List<ObjectNode> sorted = new java.util.ArrayList<>(pods);
        sorted.sort(new PodRanking(ranks, now));
        return sorted.subList(0, n);
    }

    @Override
    public int compare(JsonNode a, JsonNode b) {
        boolean assignedA = !Pods.nodeName(a).isEmpty();
        boolean assignedB = !Pods.nodeName(b).isEmpty();
        if (assignedA != assignedB) {
            return assignedA ? 1 : -1;
        }
        int pa = phaseOrdinal(a);
        int pb = phaseOrdinal(b);
        if (pa != pb) {
            return Integer.compare(pa, pb);
        }
        boolean readyA = Pods.ready(a);
        boolean readyB = Pods.ready(b);
        if (readyA != readyB) {
            return readyA ? 1 : -1;
        }
        int costA = deletionCost(a);
        int costB = deletionCost(b);
        if (costA != costB) {
            return Integer.compare(costA, costB);
        }
        int ra = ranks.getOrDefault(a, 0);
        int rb = ranks.getOrDefault(b, 0);
        if (ra != rb) {
            return Integer.compare(rb, ra);
        }
        if (readyA) {
            Instant ta = Pods.readySince(a);
            Instant tb = Pods.readySince(b);
            if (!java.util.Objects.equals(ta, tb)) {
                int c = byAge(ta, tb, a, b);
                if (c != 0) {
                    return c;
                }
            }
        }
        int restarts = Integer.compare(Pods.maxRestarts(b), Pods.maxRestarts(a));
        if (restarts != 0) {
            return restarts;
        }
        Instant ca = Meta.created(a);
        Instant cb = Meta.created(b);
        if (!java.util.Objects.equals(ca, cb)) {
            return byAge(ca, cb, a, b);
        }
        return 0;
    }

    /** Younger first; a missing time sorts first; equal log2(age) buckets fall back to the UID. */
    private int byAge(Instant ta, Instant tb, JsonNode a, JsonNode b) {
        if (ta == null || tb == null || now == null) {
            if (ta == null && tb == null) {
                return 0;
            }
            if (ta == null) {
                return -1;
            }
            if (tb == null) {
                return 1;
            }
            return tb.compareTo(ta); // later first
        }
        long diff = bucket(ta) - bucket(tb);
        if (diff == 0) {
            return Meta.uid(a).compareTo(Meta.uid(b));
        }
        return diff < 0 ? -1 : 1;
    }

    private long bucket(Instant t) {
        long nanos = Duration.between(t, now).toNanos();
        return nanos > 0 ? (long) (Math.log(nanos) / Math.log(2)) : -1;
    }

    private static int phaseOrdinal(JsonNode pod) {
        return switch (Pods.phase(pod)) {
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0; // Pending, and no phase yet (a missing map key is 0 upstream too)
        };
    }

    private static int deletionCost(JsonNode pod) {
        String v = Meta.annotation(pod, DELETION_COST);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
