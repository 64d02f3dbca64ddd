package io.k3j.scheduler;

import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.ClusterEvent;

import java.time.Instant;
import java.util.Set;

/**
 * A pod in the {@link SchedulingQueue}: the latest PodInfo, when it (re)entered the queue, how many cycles it has had,
 * the scheduling cycle it was last popped in, and the plugins that rejected it last time.
 */
public final class QueuedPod {

    PodInfo pod;
    Instant timestamp;
    final Instant firstSeen;
    int attempts;
    long cycle;
    Set<String> rejectors = Set.of();
    /** The cluster events that may help against {@link #rejectors} (computed once per requeue, not per event). */
    Set<ClusterEvent> helpfulEvents = Set.of();
    Instant backoffExpiry = Instant.MIN;
    Instant unschedulableSince;
    final long seq;

    QueuedPod(PodInfo pod, Instant now, long seq) {
        this.pod = pod;
        this.timestamp = now;
        this.firstSeen = now;
        this.seq = seq;
    }

    public PodInfo pod() {
        return pod;
    }

    public int attempts() {
        return attempts;
    }

    /** The scheduling cycle this pod was popped in (pass it back on requeue). */
    public long cycle() {
        return cycle;
    }

    public Instant firstSeen() {
        return firstSeen;
    }

    public Set<String> rejectors() {
        return rejectors;
    }

    @Override
    public String toString() {
        return pod.key() + "#" + attempts;
    }
}
