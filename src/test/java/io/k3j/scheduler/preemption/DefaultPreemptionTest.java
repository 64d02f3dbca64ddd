package io.k3j.scheduler.preemption;

import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.place;
import static io.k3j.scheduler.Fixtures.pod;
import static io.k3j.scheduler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.ScheduleResult;
import io.k3j.scheduler.Scheduler;
import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.DisruptionBudget;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.plugins.DefaultPlugins;
import io.k3j.api.selector.LabelSelector;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DefaultPreemptionTest {

    private final Scheduler scheduler = new Scheduler(DefaultPlugins.profile(), new SplittableRandom(7));

    private ScheduleResult.Unschedulable schedule(PodInfo p, ClusterSnapshot s) {
        return (ScheduleResult.Unschedulable) scheduler.schedule(p, s);
    }

    private static java.util.List<String> names(Nomination n) {
        return n.victims().stream().map(PodInfo::name).toList();
    }

    @Test
    void evictsTheFewestLowestPriorityPods() {
        ClusterSnapshot s = snapshot(node("a"));
        for (int prio = 1; prio <= 4; prio++) {
            place(s, pod("p" + prio).cpu("1").priority(prio), "a");
        }
        ScheduleResult.Unschedulable r = schedule(pod("high").cpu("2").priority(100).info(), s);
        assertThat(r.nomination().node()).isEqualTo("a");
        assertThat(names(r.nomination())).containsExactly("p2", "p1");
        // Preemption found a node: the event carries the filter summary only.
        assertThat(r.message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
    }

    @Test
    void picksTheNodeWhoseVictimsMatterLeast() {
        ClusterSnapshot s = snapshot(node("a"), node("b"), node("c"));
        place(s, pod("a1").cpu("4").priority(50), "a");
        place(s, pod("b1").cpu("2").priority(10), "b");
        place(s, pod("b2").cpu("2").priority(10), "b");
        place(s, pod("c1").cpu("4").priority(1000), "c");
        // a: one victim at 50; b: two victims at 10 -> the lower highest victim priority wins; c: not preemptible.
        ScheduleResult.Unschedulable r = schedule(pod("high").cpu("3").priority(100).info(), s);
        assertThat(r.nomination().node()).isEqualTo("b");
        assertThat(names(r.nomination())).containsExactlyInAnyOrder("b1", "b2");
    }

    @Test
    void fewerVictimsBreakEqualPriorities() {
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        place(s, pod("a1").cpu("2").priority(10), "a");
        place(s, pod("a2").cpu("2").priority(10), "a");
        place(s, pod("b1").cpu("4").priority(10), "b");
        ScheduleResult.Unschedulable r = schedule(pod("high").cpu("3").priority(100).info(), s);
        // a: victims sum 2 pods; b: 1 pod -> the smaller priority sum (one victim) wins.
        assertThat(r.nomination().node()).isEqualTo("b");
    }

    @Test
    void laterStartedVictimsArePreferred() {
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        place(s, pod("old").cpu("4").priority(10).startTime("2025-01-01T00:00:00Z"), "a");
        place(s, pod("new").cpu("4").priority(10).startTime("2025-06-01T00:00:00Z"), "b");
        assertThat(schedule(pod("high").cpu("1").priority(100).info(), s).nomination().node()).isEqualTo("b");
    }

    @Test
    void disruptionBudgetsSteerVictimSelection() {
        ClusterSnapshot s = snapshot(node("a"), node("b"));
        place(s, pod("guarded").cpu("4").priority(10).label("app", "db"), "a");
        place(s, pod("free").cpu("4").priority(20), "b");
        s.upsertDisruptionBudget(new DisruptionBudget("default", "db", LabelSelector.parse("app=db"), 0, Set.of()));
        // a would violate the budget; b has a higher-priority victim but breaks no budget.
        ScheduleResult.Unschedulable r = schedule(pod("high").cpu("1").priority(100).info(), s);
        assertThat(r.nomination().node()).isEqualTo("b");
        assertThat(names(r.nomination())).containsExactly("free");
    }

    @Test
    void budgetProtectedPodsAreReprievedFirst() {
        ClusterSnapshot s = snapshot(node("a"));
        place(s, pod("guarded").cpu("2").priority(5).label("app", "db"), "a");
        place(s, pod("plain").cpu("2").priority(5), "a");
        s.upsertDisruptionBudget(new DisruptionBudget("default", "db", LabelSelector.parse("app=db"), 0, Set.of()));
        ScheduleResult.Unschedulable r = schedule(pod("high").cpu("2").priority(100).info(), s);
        assertThat(names(r.nomination())).containsExactly("plain");
    }

    @Test
    void equalPriorityPodsAreNeverVictims() {
        ClusterSnapshot s = snapshot(node("a"));
        place(s, pod("x").cpu("4").priority(100), "a");
        ScheduleResult.Unschedulable r = schedule(pod("p").cpu("1").priority(100).info(), s);
        assertThat(r.message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are "
                + "available: 1 No preemption victims found for incoming pod.");
        assertThat(r.nomination()).isEqualTo(Nomination.CLEAR);
    }

    @Test
    void evictingEverythingStillNotEnoughReportsTheFilterReason() {
        ClusterSnapshot s = snapshot(node("a"));
        place(s, pod("x").cpu("1").priority(1), "a");
        ScheduleResult.Unschedulable r = schedule(pod("p").cpu("5").priority(100).info(), s);
        assertThat(r.message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are "
                + "available: 1 Insufficient cpu.");
    }

    @Test
    void preemptionPolicyNever() {
        ClusterSnapshot s = snapshot(node("a"));
        place(s, pod("x").cpu("4").priority(1), "a");
        ScheduleResult.Unschedulable r = schedule(pod("p").cpu("1").priority(100)
                .spec("preemptionPolicy", "'Never'").info(), s);
        assertThat(r.message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due "
                + "to preemptionPolicy=Never.");
        assertThat(r.nomination()).isNull();
    }

    @Test
    void waitsWhileAVictimOnTheNominatedNodeTerminates() {
        ClusterSnapshot s = snapshot(node("a"));
        var victim = pod("x").cpu("4").priority(1).deleting();
        victim.json().with("status").withArray("conditions").addObject()
                .put("type", "DisruptionTarget").put("status", "True").put("reason", "PreemptionByScheduler");
        place(s, victim, "a");
        ScheduleResult.Unschedulable r = schedule(pod("p").cpu("1").priority(100).nominatedNodeName("a").info(), s);
        assertThat(r.message()).endsWith("preemption: not eligible due to a terminating pod on the nominated node.");
    }

    @Test
    void antiAffinityVictimsAreFound() {
        ClusterSnapshot s = snapshot(node("a"));
        place(s, pod("web").label("app", "web").priority(1), "a");
        var p = pod("p").label("app", "x").priority(100).spec("affinity", "{'podAntiAffinity': "
                + "{'requiredDuringSchedulingIgnoredDuringExecution': [{'topologyKey': 'kubernetes.io/hostname', "
                + "'labelSelector': {'matchLabels': {'app': 'web'}}}]}}").info();
        ScheduleResult.Unschedulable r = schedule(p, s);
        assertThat(r.message()).isEqualTo("0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.");
        assertThat(names(r.nomination())).containsExactly("web");
    }

    @Test
    void nominatedPodsHoldTheirPlace() {
        ClusterSnapshot s = snapshot(node("a"));
        place(s, pod("x").cpu("2"), "a");
        s.nominate(pod("waiting").cpu("2").priority(100).info(), "a");
        // 2 of 4 cpu used, 2 promised to a higher-priority nominated pod: nothing left for a low-priority pod.
        var r = scheduler.schedule(pod("low").cpu("1").info(), s);
        assertThat(r).isInstanceOf(ScheduleResult.Unschedulable.class);
        assertThat(scheduler.schedule(pod("higher").cpu("1").priority(200).info(), s))
                .isInstanceOf(ScheduleResult.Scheduled.class);
    }

    @Test
    void dryRunsLeaveTheSnapshotAlone() {
        ClusterSnapshot s = snapshot(node("a"));
        place(s, pod("x").cpu("4").priority(1), "a");
        schedule(pod("p").cpu("1").priority(100).info(), s);
        assertThat(s.node("a").pods()).hasSize(1);
        assertThat(s.node("a").requested().milliCpu()).isEqualTo(4000);
    }
}
