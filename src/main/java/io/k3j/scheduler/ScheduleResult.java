package io.k3j.scheduler;

import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.preemption.Nomination;

import java.util.Set;

/** The outcome of one scheduling cycle. */
public sealed interface ScheduleResult {

    PodInfo pod();

    /** Bind {@code pod} to {@code node} (after {@code ClusterSnapshot.assume}). */
    record Scheduled(PodInfo pod, String node, int evaluatedNodes, int feasibleNodes) implements ScheduleResult {
    }

    /**
     * The pod fits nowhere. {@code message} is the FailedScheduling event text (also the PodScheduled=False
     * condition's message, reason Unschedulable); {@code rejectors} names the plugins that rejected it (the queue
     * retries it on their events); {@code nomination}, when not null, is preemption's work to carry out.
     */
    record Unschedulable(PodInfo pod, String message, Set<String> rejectors, Nomination nomination)
            implements ScheduleResult {
    }

    /** The pod names another scheduler in {@code spec.schedulerName}; leave it alone. */
    record NotOurs(PodInfo pod) implements ScheduleResult {
    }
}
