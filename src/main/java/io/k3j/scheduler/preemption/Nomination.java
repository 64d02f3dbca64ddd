package io.k3j.scheduler.preemption;

import io.k3j.scheduler.cache.PodInfo;

import java.util.List;

/**
 * The outcome of preemption the caller must carry out: delete {@code victims} gracefully (upstream first adds the
 * DisruptionTarget condition, reason PreemptionByScheduler), clear {@code status.nominatedNodeName} of
 * {@code lowerPriorityNominated}, and set the preemptor's {@code status.nominatedNodeName} to {@code node}.
 * A null node means "clear the preemptor's nomination" (preemption found nothing).
 */
public record Nomination(String node, List<PodInfo> victims, List<PodInfo> lowerPriorityNominated) {

    public static final Nomination CLEAR = new Nomination(null, List.of(), List.of());

    public Nomination {
        victims = List.copyOf(victims);
        lowerPriorityNominated = List.copyOf(lowerPriorityNominated);
    }
}
