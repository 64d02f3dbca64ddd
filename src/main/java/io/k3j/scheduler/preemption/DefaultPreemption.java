package io.k3j.scheduler.preemption;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.Code;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.Diagnosis;
import io.k3j.scheduler.framework.FitError;
import io.k3j.scheduler.framework.Framework;
import io.k3j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * PostFilter: when a pod fits nowhere, look for a node where evicting lower-priority pods makes it fit, and pick
 * the node that hurts least (fewest PDB violations, then lowest top victim priority, smallest priority sum, fewest
 * victims, most recently started victims). Dry runs work on copies; nothing in the snapshot changes.
 */
public final class DefaultPreemption {

    public static final String NAME = "DefaultPreemption";
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    private static final int MIN_CANDIDATE_NODES_PERCENTAGE = 10;
    private static final int MIN_CANDIDATE_NODES_ABSOLUTE = 100;

    /** PostFilter's result: the message ("" when a node was nominated) and the nomination to carry out. */
    public record Outcome(Status status, Nomination nomination) {
        public String message() {
            return status.isSuccess() ? "" : "preemption: " + status.message();
        }
    }

    private final RandomGenerator random;

    public DefaultPreemption(RandomGenerator random) {
        this.random = random;
    }

    public Outcome preempt(Framework fw, CycleState state, PodInfo pod, ClusterSnapshot snapshot, Diagnosis diagnosis) {
        String notEligible = notEligibleReason(pod, snapshot, diagnosis);
        if (notEligible != null) {
            return new Outcome(Status.unschedulable(notEligible), null);
        }
        List<NodeInfo> all = snapshot.nodes();
        List<NodeInfo> potential = new ArrayList<>();
        for (NodeInfo n : all) {
            if (diagnosis.get(n.name()).code() != Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                potential.add(n);
            }
        }
        Diagnosis dry = new Diagnosis();
        dry.setAbsentNodesStatus(Status.unresolvable(NOT_HELPFUL));
        List<Candidate> nonViolating = new ArrayList<>();
        List<Candidate> violating = new ArrayList<>();
        if (!potential.isEmpty()) {
            int wanted = Math.min(potential.size(),
                    Math.max(potential.size() * MIN_CANDIDATE_NODES_PERCENTAGE / 100, MIN_CANDIDATE_NODES_ABSOLUTE));
            int offset = random.nextInt(potential.size());
            for (int i = 0; i < potential.size(); i++) {
                NodeInfo node = potential.get((offset + i) % potential.size());
                Victims.Selection sel = Victims.select(fw, state.copy(), pod, node.copy(), snapshot,
                        snapshot.disruptionBudgets());
                if (sel.candidate() != null) {
                    (sel.candidate().pdbViolations() == 0 ? nonViolating : violating).add(sel.candidate());
                    if (!nonViolating.isEmpty() && nonViolating.size() + violating.size() >= wanted) {
                        break;
                    }
                } else {
                    dry.set(node.name(), sel.status());
                }
            }
        }
        List<Candidate> candidates = new ArrayList<>(nonViolating);
        candidates.addAll(violating);
        if (candidates.isEmpty()) {
            return new Outcome(Status.unschedulable(FitError.message(all.size(), dry)), Nomination.CLEAR);
        }
        Candidate best = pick(candidates);
        List<PodInfo> lower = new ArrayList<>();
        for (PodInfo np : snapshot.nominatedPods(best.node())) {
            if (np.priority() < pod.priority() && !np.uid().equals(pod.uid())) {
                lower.add(np);
            }
        }
        return new Outcome(Status.SUCCESS, new Nomination(best.node(), best.victims(), lower));
    }

    /** Upstream's PodEligibleToPreemptOthers; null when eligible. */
    static String notEligibleReason(PodInfo pod, ClusterSnapshot snapshot, Diagnosis diagnosis) {
        if (pod.preemptNever()) {
            return "not eligible due to preemptionPolicy=Never.";
        }
        String nominated = pod.nominatedNodeName();
        if (nominated != null && diagnosis.get(nominated).code() != Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
            NodeInfo node = snapshot.node(nominated);
            if (node != null) {
                for (PodInfo p : node.pods()) {
                    if (p.priority() < pod.priority() && p.terminatingByPreemption()) {
                        return "not eligible due to a terminating pod on the nominated node.";
                    }
                }
            }
        }
        return null;
    }

    /** Upstream's pickOneNodeForPreemption criteria, in order; ties keep the earlier candidate. */
    static Candidate pick(List<Candidate> candidates) {
        Comparator<Candidate> order = Comparator
                .comparingInt(Candidate::pdbViolations)
                .thenComparingInt(Candidate::highestPriority)
                .thenComparingLong(Candidate::prioritySum)
                .thenComparingInt(c -> c.victims().size())
                .thenComparing(Candidate::earliestStartOfMostImportant, Comparator.reverseOrder());
        Candidate best = candidates.get(0);
        for (Candidate c : candidates.subList(1, candidates.size())) {
            if (order.compare(c, best) < 0) {
                best = c;
            }
        }
        return best;
    }
}
