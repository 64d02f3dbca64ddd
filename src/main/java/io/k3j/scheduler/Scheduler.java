package io.k3j.scheduler;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.Diagnosis;
import io.k3j.scheduler.framework.FitError;
import io.k3j.scheduler.framework.Framework;
import io.k3j.scheduler.framework.Profile;
import io.k3j.scheduler.framework.Status;
import io.k3j.scheduler.plugins.DefaultPlugins;
import io.k3j.scheduler.preemption.DefaultPreemption;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One scheduling cycle, as upstream's schedulePod: PreFilter, Filter over the nodes (starting where the last cycle
 * stopped, stopping once enough feasible nodes are found), Score, and the best node (ties broken at random); or, when
 * no node fits, the diagnosis and preemption. Pure: it reads the snapshot and changes nothing; the caller assumes the
 * pod on the chosen node, binds it, and carries out preemption's nomination.
 *
 * <p>Not thread-safe (it remembers where the next cycle starts); one instance per scheduling loop.
 */
public final class Scheduler {

    static final String NO_NODES = "no nodes available to schedule pods";
    private static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    private static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    private final Framework framework;
    private final DefaultPreemption preemption;
    private final RandomGenerator random;
    private int nextStartNodeIndex;

    public Scheduler(Profile profile, RandomGenerator random) {
        this.framework = new Framework(profile);
        this.preemption = new DefaultPreemption(random);
        this.random = random;
    }

    /** Upstream's default profile, randomly seeded. */
    public static Scheduler withDefaults() {
        return new Scheduler(DefaultPlugins.profile(), new SplittableRandom());
    }

    /**
     * Loads and introspects the model classes (Jackson over fabric8's Pod and Node takes seconds the first time).
     * Blocking: call it off the event loop when the scheduler starts, so the first real pod does not pay for it.
     */
    public static void warmUp() {
        ClusterSnapshot s = new ClusterSnapshot();
        s.upsertNode(io.k3j.apiserver.rest.Json.parseObject(("{\"metadata\":{\"name\":\"warm-up\",\"labels\":"
                + "{\"kubernetes.io/hostname\":\"warm-up\"}},\"spec\":{\"taints\":[{\"key\":\"k\",\"effect\":\"NoSchedule\"}]},"
                + "\"status\":{\"allocatable\":{\"cpu\":\"1\",\"memory\":\"1Gi\",\"pods\":\"1\"}}}").getBytes()));
        PodInfo p = PodInfo.of(io.k3j.apiserver.rest.Json.parseObject(("{\"metadata\":{\"name\":\"warm-up\","
                + "\"namespace\":\"default\",\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
                + "\"resources\":{\"requests\":{\"cpu\":\"1m\"}}}],\"affinity\":{\"podAntiAffinity\":"
                + "{\"requiredDuringSchedulingIgnoredDuringExecution\":[{\"topologyKey\":\"kubernetes.io/hostname\","
                + "\"labelSelector\":{\"matchLabels\":{\"a\":\"b\"}}}]}}}}").getBytes()));
        withDefaults().schedule(p, s);
    }

    public Profile profile() {
        return framework.profile();
    }

    /** True when {@code pod.spec.schedulerName} names this scheduler ("default-scheduler" when unset). */
    public boolean isResponsibleFor(PodInfo pod) {
        return pod.isResponsibilityOf(framework.profile().schedulerName());
    }

    public ScheduleResult schedule(PodInfo pod, ClusterSnapshot snapshot) {
        if (!isResponsibleFor(pod)) {
            return new ScheduleResult.NotOurs(pod);
        }
        List<NodeInfo> all = snapshot.nodes();
        if (all.isEmpty()) {
            return new ScheduleResult.Unschedulable(pod, NO_NODES, Set.of(), null);
        }
        CycleState state = new CycleState();
        Diagnosis diagnosis = new Diagnosis();
        Framework.PreFilterOutcome pre = framework.runPreFilter(state, pod, snapshot);
        if (!pre.status().isSuccess()) {
            diagnosis.setAbsentNodesStatus(pre.status());
            diagnosis.setPreFilterMessage(pre.status().message());
            pre.narrowedBy().forEach(diagnosis::addUnschedulablePlugin);
            return unschedulable(state, pod, snapshot, all.size(), diagnosis);
        }
        if (pod.nominatedNodeName() != null) {
            NodeInfo nominated = snapshot.node(pod.nominatedNodeName());
            if (nominated != null && (pre.result().allNodes() || pre.result().nodeNames().contains(nominated.name()))
                    && framework.runFiltersWithNominated(state, pod, nominated, snapshot).isSuccess()) {
                return new ScheduleResult.Scheduled(pod, nominated.name(), 1, 1);
            }
        }
        List<NodeInfo> candidates = all;
        if (!pre.result().allNodes()) {
            candidates = new ArrayList<>();
            for (String name : pre.result().nodeNames()) {
                NodeInfo n = snapshot.node(name);
                if (n != null) {
                    candidates.add(n);
                }
            }
            candidates.sort(java.util.Comparator.comparing(NodeInfo::name));
            diagnosis.setAbsentNodesStatus(Status.unresolvable(
                    "node(s) didn't satisfy plugin(s) [" + String.join(" ", pre.narrowedBy()) + "]"));
            pre.narrowedBy().forEach(diagnosis::addUnschedulablePlugin);
        }
        List<NodeInfo> feasible = findFeasible(state, pod, snapshot, candidates, all.size(), diagnosis);
        if (feasible.isEmpty()) {
            return unschedulable(state, pod, snapshot, all.size(), diagnosis);
        }
        int evaluated = feasible.size() + diagnosis.explicit().size();
        if (feasible.size() == 1) {
            return new ScheduleResult.Scheduled(pod, feasible.get(0).name(), evaluated, 1);
        }
        long[] scores = framework.runScores(state, pod, feasible, snapshot);
        return new ScheduleResult.Scheduled(pod, selectHost(feasible, scores), evaluated, feasible.size());
    }

    private List<NodeInfo> findFeasible(CycleState state, PodInfo pod, ClusterSnapshot snapshot,
                                        List<NodeInfo> candidates, int numAllNodes, Diagnosis diagnosis) {
        int toFind = numFeasibleNodesToFind(candidates.size(), framework.profile().percentageOfNodesToScore());
        List<NodeInfo> feasible = new ArrayList<>(Math.min(toFind, candidates.size()));
        int n = candidates.size();
        int start = nextStartNodeIndex % n;
        int processed = 0;
        for (int i = 0; i < n && feasible.size() < toFind; i++) {
            NodeInfo node = candidates.get((start + i) % n);
            processed++;
            Status s = framework.runFiltersWithNominated(state, pod, node, snapshot);
            if (s.isSuccess()) {
                feasible.add(node);
            } else {
                diagnosis.set(node.name(), s);
            }
        }
        // The next cycle starts after the last node looked at, so every node gets its turn.
        nextStartNodeIndex = (nextStartNodeIndex + processed) % numAllNodes;
        return feasible;
    }

    /** Upstream's adaptive share: all of small clusters, then 50% minus 1% per 125 nodes, at least 5% and 100 nodes. */
    static int numFeasibleNodesToFind(int numNodes, int percentageOfNodesToScore) {
        if (numNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return numNodes;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage == 0) {
            percentage = Math.max(50 - numNodes / 125, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
        }
        int found = (int) ((long) numNodes * percentage / 100);
        return Math.max(found, MIN_FEASIBLE_NODES_TO_FIND);
    }

    /** The highest total; among equals, each is equally likely (reservoir sampling, as upstream). */
    private String selectHost(List<NodeInfo> nodes, long[] scores) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < nodes.size(); i++) {
            if (scores[i] > scores[best]) {
                best = i;
                ties = 1;
            } else if (scores[i] == scores[best]) {
                ties++;
                if (random.nextInt(ties) == 0) {
                    best = i;
                }
            }
        }
        return nodes.get(best).name();
    }

    private ScheduleResult unschedulable(CycleState state, PodInfo pod, ClusterSnapshot snapshot, int numAllNodes,
                                         Diagnosis diagnosis) {
        DefaultPreemption.Outcome outcome = preemption.preempt(framework, state, pod, snapshot, diagnosis);
        diagnosis.setPostFilterMessage(outcome.message());
        return new ScheduleResult.Unschedulable(pod, FitError.message(numAllNodes, diagnosis),
                Set.copyOf(diagnosis.unschedulablePlugins()), outcome.nomination());
    }
}
