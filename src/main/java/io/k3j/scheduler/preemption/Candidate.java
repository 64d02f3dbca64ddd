package io.k3j.scheduler.preemption;

import io.k3j.scheduler.cache.PodInfo;

import java.time.Instant;
import java.util.List;

/** A node where evicting {@code victims} (most important first) makes the pod fit, and the PDBs that would break. */
record Candidate(String node, List<PodInfo> victims, int pdbViolations) {

    int highestPriority() {
        return victims.get(0).priority();
    }

    /** Sum of priorities, each shifted to be positive so fewer victims always weigh less (upstream's formula). */
    long prioritySum() {
        long sum = 0;
        for (PodInfo p : victims) {
            sum += (long) p.priority() + Integer.MAX_VALUE + 1;
        }
        return sum;
    }

    /** The earliest start time among the highest-priority victims; a pod not started counts as "now" (latest). */
    Instant earliestStartOfMostImportant() {
        int max = Integer.MIN_VALUE;
        Instant earliest = Instant.MAX;
        for (PodInfo p : victims) {
            Instant t = Victims.startTime(p);
            if (p.priority() > max) {
                max = p.priority();
                earliest = t;
            } else if (p.priority() == max && t.isBefore(earliest)) {
                earliest = t;
            }
        }
        return earliest;
    }
}
