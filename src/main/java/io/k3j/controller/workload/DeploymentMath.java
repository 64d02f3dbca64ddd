package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The arithmetic of rollouts, as upstream's deployment util: surge and unavailability budgets, proportional scaling. */
final class DeploymentMath {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String HASH_LABEL = "pod-template-hash";

    private DeploymentMath() {
    }

    static int replicas(JsonNode obj) {
        return Meta.intOr(obj.path("spec").path("replicas"), 1);
    }

    static int statusReplicas(JsonNode rs) {
        return rs.path("status").path("replicas").asInt(0);
    }

    static int available(JsonNode rs) {
        return rs.path("status").path("availableReplicas").asInt(0);
    }

    static int ready(JsonNode rs) {
        return rs.path("status").path("readyReplicas").asInt(0);
    }

    static boolean rolling(JsonNode d) {
        return !"Recreate".equals(d.path("spec").path("strategy").path("type").asText("RollingUpdate"));
    }

    /** {surge, unavailable}: surge rounds up, unavailable down, and both zero becomes unavailable 1. */
    static int[] fenceposts(JsonNode d) {
        int desired = replicas(d);
        JsonNode ru = d.path("spec").path("strategy").path("rollingUpdate");
        int surge = IntOrPercent.scaled(ru.get("maxSurge"), desired, true, IntOrPercent.scaled(Meta.MAPPER.getNodeFactory().textNode("25%"), desired, true, 0));
        int unavailable = IntOrPercent.scaled(ru.get("maxUnavailable"), desired, false,
                IntOrPercent.scaled(Meta.MAPPER.getNodeFactory().textNode("25%"), desired, false, 0));
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[]{surge, unavailable};
    }

    static int maxSurge(JsonNode d) {
        return rolling(d) ? fenceposts(d)[0] : 0;
    }

    static int maxUnavailable(JsonNode d) {
        int desired = replicas(d);
        if (!rolling(d) || desired == 0) {
            return 0;
        }
        return Math.min(fenceposts(d)[1], desired);
    }

    static int sumReplicas(List<? extends JsonNode> rss) {
        return rss.stream().filter(java.util.Objects::nonNull).mapToInt(DeploymentMath::replicas).sum();
    }

    static int sumStatusReplicas(List<? extends JsonNode> rss) {
        return rss.stream().filter(java.util.Objects::nonNull).mapToInt(DeploymentMath::statusReplicas).sum();
    }

    static int sumAvailable(List<? extends JsonNode> rss) {
        return rss.stream().filter(java.util.Objects::nonNull).mapToInt(DeploymentMath::available).sum();
    }

    static int sumReady(List<? extends JsonNode> rss) {
        return rss.stream().filter(java.util.Objects::nonNull).mapToInt(DeploymentMath::ready).sum();
    }

    /** How many replicas the new ReplicaSet may have now (upstream's NewRSNewReplicas). */
    static int newRSNewReplicas(JsonNode d, List<? extends JsonNode> allRSs, JsonNode newRS) {
        if (!rolling(d)) {
            return replicas(d);
        }
        int current = sumReplicas(allRSs);
        int maxTotal = replicas(d) + maxSurge(d);
        if (current >= maxTotal) {
            return replicas(newRS);
        }
        int up = Math.min(maxTotal - current, replicas(d) - replicas(newRS));
        return replicas(newRS) + up;
    }

    /** The new ReplicaSet runs the full desired count, all available. */
    static boolean saturated(JsonNode d, JsonNode rs) {
        if (rs == null) {
            return false;
        }
        String desired = Meta.annotation(rs, DESIRED_REPLICAS);
        return desired != null && desired.equals(String.valueOf(replicas(d))) && replicas(rs) == replicas(d)
                && available(rs) == replicas(d);
    }

    /** The share of {@code toAdd} this ReplicaSet gets when a deployment is scaled mid-rollout (upstream's GetProportion). */
    static int proportion(JsonNode rs, JsonNode d, int toAdd, int added) {
        if (rs == null || replicas(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int fraction(JsonNode rs, JsonNode d) {
        if (replicas(d) == 0) {
            return -replicas(rs);
        }
        int maxNow = replicas(d) + maxSurge(d);
        int before = intAnnotation(rs, MAX_REPLICAS, 0);
        if (before == 0) {
            before = d.path("status").path("replicas").asInt(0);
        }
        if (before == 0) {
            return 0;
        }
        double size = (double) replicas(rs) * maxNow / before;
        return (int) Math.round(size) - replicas(rs);
    }

    static int intAnnotation(JsonNode o, String key, int dflt) {
        String v = Meta.annotation(o, key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    static long revision(JsonNode rs) {
        String v = Meta.annotation(rs, REVISION);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long maxRevision(List<? extends JsonNode> rss) {
        return rss.stream().mapToLong(DeploymentMath::revision).max().orElse(0);
    }

    /** Sets desired-replicas and max-replicas; true when either changed. */
    static boolean setReplicasAnnotations(ObjectNode rs, int desired, int max) {
        ObjectNode ann = Meta.obj(Meta.obj(rs, "metadata"), "annotations");
        boolean changed = !String.valueOf(desired).equals(ann.path(DESIRED_REPLICAS).asText(null))
                || !String.valueOf(max).equals(ann.path(MAX_REPLICAS).asText(null));
        ann.put(DESIRED_REPLICAS, String.valueOf(desired)).put(MAX_REPLICAS, String.valueOf(max));
        return changed;
    }

    static boolean replicasAnnotationsNeedUpdate(JsonNode rs, int desired, int max) {
        return !String.valueOf(desired).equals(Meta.annotation(rs, DESIRED_REPLICAS))
                || !String.valueOf(max).equals(Meta.annotation(rs, MAX_REPLICAS));
    }

    private static Instant createdOrEpoch(JsonNode o) {
        Instant t = Meta.created(o);
        return t == null ? Instant.EPOCH : t;
    }

    /** Oldest first, then by name (upstream's ReplicaSetsByCreationTimestamp). */
    static final Comparator<JsonNode> BY_CREATION = Comparator.comparing(DeploymentMath::createdOrEpoch)
            .thenComparing(Meta::name);

    /** Larger first; among equals, newer first (for scaling up). */
    static final Comparator<JsonNode> BY_SIZE_NEWER = Comparator.comparingInt(DeploymentMath::replicas).reversed()
            .thenComparing(BY_CREATION.reversed());

    /** Larger first; among equals, older first (for scaling down). */
    static final Comparator<JsonNode> BY_SIZE_OLDER = Comparator.comparingInt(DeploymentMath::replicas).reversed()
            .thenComparing(BY_CREATION);

    /** Lowest revision first, then oldest. */
    static final Comparator<JsonNode> BY_REVISION = Comparator.comparingLong(DeploymentMath::revision).thenComparing(BY_CREATION);
}
