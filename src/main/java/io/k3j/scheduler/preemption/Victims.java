package io.k3j.scheduler.preemption;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.DisruptionBudget;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.Framework;
import io.k3j.scheduler.framework.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Upstream's SelectVictimsOnNode: remove every lower-priority pod; if the preemptor then fits, put pods back one
 * by one, most important first (PDB-protected ones before the rest), keeping each that still lets the preemptor
 * fit. What cannot be put back is the minimal victim set.
 */
final class Victims {

    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    /** Higher priority first, then the pod that started earlier (a pod not started counts as now). */
    static final Comparator<PodInfo> MORE_IMPORTANT_FIRST = Comparator
            .comparingInt(PodInfo::priority).reversed()
            .thenComparing(Victims::startTime);

    private Victims() {
    }

    static Instant startTime(PodInfo p) {
        return p.startTime() == null ? Instant.MAX : p.startTime();
    }

    /** Either a candidate or the status explaining why this node cannot help. */
    record Selection(Candidate candidate, Status status) {
    }

    static Selection select(Framework fw, CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot,
                            Collection<DisruptionBudget> budgets) {
        List<PodInfo> potential = new ArrayList<>();
        for (PodInfo p : new ArrayList<>(node.pods())) {
            if (p.priority() < pod.priority()) {
                potential.add(p);
                node.removePod(p.uid());
                fw.removePod(state, pod, p, node, snapshot);
            }
        }
        if (potential.isEmpty()) {
            return new Selection(null, Status.unresolvable(NO_VICTIMS));
        }
        Status fits = fw.runFiltersWithNominated(state, pod, node, snapshot);
        if (!fits.isSuccess()) {
            return new Selection(null, fits);
        }
        potential.sort(MORE_IMPORTANT_FIRST);
        List<PodInfo> violating = new ArrayList<>();
        List<PodInfo> nonViolating = new ArrayList<>();
        splitByBudget(potential, budgets, violating, nonViolating);
        List<PodInfo> victims = new ArrayList<>();
        int violations = 0;
        for (PodInfo p : violating) {
            if (!reprieve(fw, state, pod, p, node, snapshot, victims)) {
                violations++;
            }
        }
        for (PodInfo p : nonViolating) {
            reprieve(fw, state, pod, p, node, snapshot, victims);
        }
        if (!violating.isEmpty() && !nonViolating.isEmpty()) {
            victims.sort(MORE_IMPORTANT_FIRST);
        }
        if (victims.isEmpty()) {
            return new Selection(null, Status.error("expected at least one victim pod on node \"" + node.name() + "\""));
        }
        return new Selection(new Candidate(node.name(), List.copyOf(victims), violations), Status.SUCCESS);
    }

    /** Puts {@code p} back; if the preemptor no longer fits, takes it out again as a victim. */
    private static boolean reprieve(Framework fw, CycleState state, PodInfo pod, PodInfo p, NodeInfo node,
                                    ClusterSnapshot snapshot, List<PodInfo> victims) {
        node.addPod(p);
        fw.addPod(state, pod, p, node, snapshot);
        if (fw.runFiltersWithNominated(state, pod, node, snapshot).isSuccess()) {
            return true;
        }
        node.removePod(p.uid());
        fw.removePod(state, pod, p, node, snapshot);
        victims.add(p);
        return false;
    }

    /**
     * Pods whose eviction would take a budget below zero allowed disruptions (counting earlier pods in the list
     * against it) are "violating"; pods already listed in a budget's disruptedPods do not count again.
     */
    static void splitByBudget(List<PodInfo> pods, Collection<DisruptionBudget> budgets, List<PodInfo> violating,
                              List<PodInfo> nonViolating) {
        List<DisruptionBudget> list = new ArrayList<>(budgets);
        int[] allowed = new int[list.size()];
        for (int i = 0; i < list.size(); i++) {
            allowed[i] = list.get(i).disruptionsAllowed();
        }
        for (PodInfo p : pods) {
            boolean violates = false;
            for (int i = 0; i < list.size(); i++) {
                DisruptionBudget b = list.get(i);
                if (!b.covers(p) || b.disruptedPods().contains(p.name())) {
                    continue;
                }
                allowed[i]--;
                if (allowed[i] < 0) {
                    violates = true;
                }
            }
            (violates ? violating : nonViolating).add(p);
        }
    }
}
