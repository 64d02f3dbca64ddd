package io.k3j.scheduler.framework;

import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.pod;
import static io.k3j.scheduler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.ScheduleResult;
import io.k3j.scheduler.Scheduler;
import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameworkTest {

    /** A plugin whose PreFilter pins the pod to fixed nodes. */
    private record Pinning(String name, Set<String> nodes) implements FilterPlugin {
        @Override
        public Set<ClusterEvent> events() {
            return Set.of(ClusterEvent.NODE_ADDED);
        }

        @Override
        public PreFilter preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
            return new PreFilter(Status.SUCCESS, new PreFilterResult(nodes));
        }

        @Override
        public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
            return Status.SUCCESS;
        }
    }

    private static Scheduler scheduler(FilterPlugin... filters) {
        return new Scheduler(new Profile("default-scheduler", List.of(filters), List.of(), 0), new SplittableRandom(1));
    }

    @Test
    void disjointPreFilterResultsRejectThePod() {
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        var r = (ScheduleResult.Unschedulable) scheduler(new Pinning("P1", Set.of("a")), new Pinning("P2", Set.of("b")))
                .schedule(pod("p").info(), s);
        assertThat(r.message()).isEqualTo("0/2 nodes are available: node(s) didn't satisfy plugin(s) [P1 P2] "
                + "simultaneously. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
        assertThat(r.rejectors()).containsExactlyInAnyOrder("P1", "P2");
    }

    @Test
    void oneNarrowingPluginToNothing() {
        ClusterSnapshot s = snapshot(node("a"));
        var r = (ScheduleResult.Unschedulable) scheduler(new Pinning("P1", Set.of())).schedule(pod("p").info(), s);
        assertThat(r.message()).startsWith("0/1 nodes are available: node(s) didn't satisfy plugin P1.");
    }

    @Test
    void rejectorsDecideWhichEventsRetryThePod() {
        Profile p = new Profile("default-scheduler", List.of(new Pinning("P1", Set.of())), List.of(), 0);
        assertThat(p.eventsFor(Set.of("P1"))).containsExactlyInAnyOrder(ClusterEvent.NODE_ADDED, ClusterEvent.WILDCARD);
        assertThat(p.eventsFor(Set.of())).hasSize(ClusterEvent.values().length);
    }

    @Test
    void largeClustersAreSearchedAdaptively() {
        assertThat(io.k3j.scheduler.SchedulerAccess.numFeasibleNodesToFind(50, 0)).isEqualTo(50);
        assertThat(io.k3j.scheduler.SchedulerAccess.numFeasibleNodesToFind(100, 0)).isEqualTo(100);
        assertThat(io.k3j.scheduler.SchedulerAccess.numFeasibleNodesToFind(1000, 0)).isEqualTo(420); // 50 - 1000/125 = 42%
        assertThat(io.k3j.scheduler.SchedulerAccess.numFeasibleNodesToFind(5000, 0)).isEqualTo(500); // 10%
        assertThat(io.k3j.scheduler.SchedulerAccess.numFeasibleNodesToFind(1000, 5)).isEqualTo(100); // floor of 100
    }
}
