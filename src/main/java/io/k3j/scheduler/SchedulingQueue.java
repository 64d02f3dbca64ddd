package io.k3j.scheduler;

import io.k3j.scheduler.cache.AffinityTerm;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.Profile;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Upstream's PriorityQueue for pending pods, without threads: the caller pops and calls {@link #flush()} on a timer.
 *
 * <ul>
 *   <li>activeQ: ready pods, higher priority first, then the one that (re)entered the queue earlier;</li>
 *   <li>backoffQ: pods that failed, waiting out a per-pod back-off of 1 s doubling per attempt up to 10 s;</li>
 *   <li>unschedulable: pods no node fits; a cluster event that can help (by the rejecting plugins' registered
 *       events) moves them to backoffQ or, back-off over, to activeQ; after 5 minutes they move anyway;</li>
 *   <li>gated: pods with {@code spec.schedulingGates}, held until an update removes the gates.</li>
 * </ul>
 * A pod that fails while a helpful event arrived during its cycle goes to backoffQ, not unschedulable, so the event
 * is not lost. Not thread-safe: one owner, like the snapshot.
 */
public final class SchedulingQueue {

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    public static final Duration MAX_IN_UNSCHEDULABLE = Duration.ofMinutes(5);

    private enum Where { ACTIVE, BACKOFF, UNSCHEDULABLE, GATED, IN_FLIGHT }

    private static final Comparator<QueuedPod> ACTIVE_ORDER = Comparator
            .comparingInt((QueuedPod q) -> q.pod.priority()).reversed()
            .thenComparing(q -> q.timestamp)
            .thenComparingLong(q -> q.seq);
    private static final Comparator<QueuedPod> BACKOFF_ORDER = Comparator
            .comparing((QueuedPod q) -> q.backoffExpiry)
            .thenComparingLong(q -> q.seq);

    private final Function<Set<String>, Set<ClusterEvent>> eventsFor;
    private final InstantSource clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private final TreeSet<QueuedPod> active = new TreeSet<>(ACTIVE_ORDER);
    private final TreeSet<QueuedPod> backoff = new TreeSet<>(BACKOFF_ORDER);
    private final Map<String, QueuedPod> unschedulable = new LinkedHashMap<>();
    private final Map<String, QueuedPod> all = new HashMap<>();
    private final Map<String, Where> where = new HashMap<>();
    private long seq;
    private long schedulingCycle;
    private long moveRequestCycle = -1;

    public SchedulingQueue(Profile profile, InstantSource clock) {
        this(profile::eventsFor, clock, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** {@code eventsFor}: the events that may help a pod rejected by the given plugins (all events for none). */
    public SchedulingQueue(Function<Set<String>, Set<ClusterEvent>> eventsFor, InstantSource clock,
                           Duration initialBackoff, Duration maxBackoff) {
        this.eventsFor = eventsFor;
        this.clock = clock;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    // --- informer side ----------------------------------------------------------------------------------------

    /** A new pending pod (or an update, if known). Pods already bound do not belong here and are ignored. */
    public void add(PodInfo pod) {
        if (pod.nodeName() != null) {
            delete(pod.uid());
            return;
        }
        if (all.containsKey(pod.uid())) {
            update(pod);
            return;
        }
        QueuedPod q = new QueuedPod(pod, clock.instant(), seq++);
        all.put(pod.uid(), q);
        if (pod.schedulingGated()) {
            where.put(pod.uid(), Where.GATED);
        } else {
            toActive(q);
        }
    }

    /**
     * A pending pod changed. In activeQ or backoffQ it is re-sorted in place; an unschedulable or gated pod whose
     * change may matter is retried (after its back-off); one in flight keeps the new object for its requeue.
     */
    public void update(PodInfo pod) {
        QueuedPod q = all.get(pod.uid());
        if (q == null) {
            add(pod);
            return;
        }
        if (pod.nodeName() != null) {
            delete(pod.uid());
            return;
        }
        switch (where.get(pod.uid())) {
            case ACTIVE -> {
                active.remove(q);
                q.pod = pod;
                active.add(q);
            }
            case BACKOFF -> {
                backoff.remove(q);
                q.pod = pod;
                backoff.add(q);
            }
            case IN_FLIGHT -> q.pod = pod;
            case GATED -> {
                q.pod = pod;
                if (!pod.schedulingGated()) {
                    toActive(q);
                }
            }
            case UNSCHEDULABLE -> {
                boolean changed = !q.pod.sameSchedulingInputs(pod);
                q.pod = pod;
                // The scheduler's own status writes (PodScheduled=False, nominatedNodeName) must not retry the pod.
                if (changed) {
                    unschedulable.remove(pod.uid());
                    moveOut(q);
                }
            }
        }
    }

    public void delete(String uid) {
        QueuedPod q = all.remove(uid);
        Where w = where.remove(uid);
        if (q == null || w == null) {
            return;
        }
        switch (w) {
            case ACTIVE -> active.remove(q);
            case BACKOFF -> backoff.remove(q);
            case UNSCHEDULABLE -> unschedulable.remove(uid);
            default -> {
            }
        }
    }

    /**
     * A cluster change: unschedulable pods it may help move to backoffQ/activeQ. {@code related} is the pod or
     * node event's pod when there is one: for {@link ClusterEvent#ASSIGNED_POD_ADDED}, only pods whose required
     * affinity terms match it move, as upstream does without queueing hints.
     */
    public void onEvent(ClusterEvent event, PodInfo related) {
        moveRequestCycle = schedulingCycle;
        List<QueuedPod> moving = new ArrayList<>();
        for (QueuedPod q : unschedulable.values()) {
            if (!q.helpfulEvents.contains(event) && event != ClusterEvent.WILDCARD) {
                continue;
            }
            if (event == ClusterEvent.ASSIGNED_POD_ADDED && related != null && !affinityMatches(q.pod, related)) {
                continue;
            }
            moving.add(q);
        }
        for (QueuedPod q : moving) {
            unschedulable.remove(q.pod.uid());
            moveOut(q);
        }
    }

    private static boolean affinityMatches(PodInfo pending, PodInfo added) {
        for (AffinityTerm t : pending.requiredAffinity()) {
            // Namespace labels are not at hand here; a selector-based term is given the benefit of the doubt.
            if (t.selector().matches(added.labels())
                    && (t.namespaces().contains(added.namespace()) || !t.namespaceSelector().isNothing())) {
                return true;
            }
        }
        return false;
    }

    // --- scheduler side ----------------------------------------------------------------------------------------

    /** The next pod to schedule, if any is ready (completed back-offs are flushed first). */
    public Optional<QueuedPod> pop() {
        flushBackoffCompleted();
        QueuedPod q = active.pollFirst();
        if (q == null) {
            return Optional.empty();
        }
        schedulingCycle++;
        q.attempts++;
        q.cycle = schedulingCycle;
        where.put(q.pod.uid(), Where.IN_FLIGHT);
        return Optional.of(q);
    }

    /** The popped pod is bound (or being bound): it leaves the queue. */
    public void done(QueuedPod q) {
        if (where.get(q.pod.uid()) == Where.IN_FLIGHT) {
            all.remove(q.pod.uid());
            where.remove(q.pod.uid());
        }
    }

    /**
     * The popped pod fits no node; {@code rejectors} names the plugins that rejected it (empty when none did, e.g.
     * there are no nodes at all: then any cluster event may help). It waits in unschedulable until an event that may
     * help arrives, or in backoffQ when one arrived during its cycle, as upstream's queue with queueing hints does.
     * Re-trying it on a timer instead would rewrite its status and events every ten seconds for nothing.
     */
    public void requeue(QueuedPod q, Set<String> rejectors) {
        if (where.get(q.pod.uid()) != Where.IN_FLIGHT) {
            return; // deleted while in flight
        }
        Instant now = clock.instant();
        q.timestamp = now;
        q.rejectors = Set.copyOf(rejectors);
        q.helpfulEvents = eventsFor.apply(q.rejectors);
        q.backoffExpiry = now.plus(backoffDuration(q.attempts));
        if (q.pod.schedulingGated()) {
            where.put(q.pod.uid(), Where.GATED);
        } else if (moveRequestCycle >= q.cycle) {
            toBackoff(q);
        } else {
            q.unschedulableSince = now;
            unschedulable.put(q.pod.uid(), q);
            where.put(q.pod.uid(), Where.UNSCHEDULABLE);
        }
    }

    /**
     * The popped pod's cycle failed with an error (the API refused the binding, a plugin threw): nothing says
     * the cluster must change first, so it is retried once its back-off is over.
     */
    public void retry(QueuedPod q) {
        if (where.get(q.pod.uid()) != Where.IN_FLIGHT) {
            return;
        }
        Instant now = clock.instant();
        q.timestamp = now;
        q.rejectors = Set.of();
        q.helpfulEvents = eventsFor.apply(q.rejectors);
        q.backoffExpiry = now.plus(backoffDuration(q.attempts));
        if (q.pod.schedulingGated()) {
            where.put(q.pod.uid(), Where.GATED);
        } else {
            toBackoff(q);
        }
    }

    /** Moves finished back-offs to activeQ and pods unschedulable for over 5 minutes out; call about once a second. */
    public void flush() {
        flushBackoffCompleted();
        Instant cutoff = clock.instant().minus(MAX_IN_UNSCHEDULABLE);
        List<QueuedPod> stale = new ArrayList<>();
        for (QueuedPod q : unschedulable.values()) {
            if (q.unschedulableSince.isBefore(cutoff)) {
                stale.add(q);
            }
        }
        for (QueuedPod q : stale) {
            unschedulable.remove(q.pod.uid());
            moveOut(q);
        }
    }

    /** When the earliest back-off ends (to arm a timer), if any pod is backing off. */
    public Optional<Instant> nextBackoffExpiry() {
        return backoff.isEmpty() ? Optional.empty() : Optional.of(backoff.first().backoffExpiry);
    }

    /** Upstream's back-off: initial x 2^(attempts-1), at most the maximum. */
    public Duration backoffDuration(int attempts) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempts; i++) {
            if (d.compareTo(maxBackoff.minus(d)) > 0) {
                return maxBackoff;
            }
            d = d.plus(d);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    public int activeCount() {
        return active.size();
    }

    public int backoffCount() {
        return backoff.size();
    }

    public int unschedulableCount() {
        return unschedulable.size();
    }

    /** Every pod the queue knows (in flight included). */
    public int size() {
        return all.size();
    }

    public boolean contains(String uid) {
        return all.containsKey(uid);
    }

    // --- moves -------------------------------------------------------------------------------------------------

    private void moveOut(QueuedPod q) {
        if (q.pod.schedulingGated()) {
            where.put(q.pod.uid(), Where.GATED);
        } else if (q.backoffExpiry.isAfter(clock.instant())) {
            toBackoff(q);
        } else {
            toActive(q);
        }
    }

    private void toActive(QueuedPod q) {
        active.add(q);
        where.put(q.pod.uid(), Where.ACTIVE);
    }

    private void toBackoff(QueuedPod q) {
        backoff.add(q);
        where.put(q.pod.uid(), Where.BACKOFF);
    }

    private void flushBackoffCompleted() {
        Instant now = clock.instant();
        while (!backoff.isEmpty() && !backoff.first().backoffExpiry.isAfter(now)) {
            QueuedPod q = backoff.pollFirst();
            toActive(q);
        }
    }
}
