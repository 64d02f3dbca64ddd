package io.k3j.scheduler;

import static io.k3j.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.plugins.DefaultPlugins;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

    /** A clock tests move by hand. */
    static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final SchedulingQueue queue = new SchedulingQueue(DefaultPlugins.profile(), clock);

    private QueuedPod pop() {
        return queue.pop().orElseThrow();
    }

    @Test
    void higherPriorityFirstThenArrivalOrder() {
        queue.add(pod("low").info());
        clock.advance(Duration.ofMillis(1));
        queue.add(pod("first").priority(10).info());
        clock.advance(Duration.ofMillis(1));
        queue.add(pod("second").priority(10).info());
        assertThat(pop().pod().name()).isEqualTo("first");
        assertThat(pop().pod().name()).isEqualTo("second");
        assertThat(pop().pod().name()).isEqualTo("low");
        assertThat(queue.pop()).isEmpty();
    }

    @Test
    void backoffDoublesFromOneToTenSeconds() {
        assertThat(queue.backoffDuration(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(queue.backoffDuration(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(queue.backoffDuration(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(queue.backoffDuration(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(queue.backoffDuration(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(queue.backoffDuration(50)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void unschedulablePodsWaitForAHelpfulEventThenTheirBackoff() {
        queue.add(pod("p").cpu("1").info());
        QueuedPod q = pop();
        queue.requeue(q, Set.of("NodeResourcesFit"));
        assertThat(queue.unschedulableCount()).isEqualTo(1);

        queue.onEvent(ClusterEvent.ASSIGNED_POD_ADDED, pod("other").info()); // cannot free resources
        assertThat(queue.unschedulableCount()).isEqualTo(1);

        queue.onEvent(ClusterEvent.NODE_ADDED, null);
        assertThat(queue.backoffCount()).isEqualTo(1); // still within its 1 s back-off
        assertThat(queue.pop()).isEmpty();
        assertThat(queue.nextBackoffExpiry()).contains(clock.now.plusSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        QueuedPod again = pop();
        assertThat(again.pod().name()).isEqualTo("p");
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void taintRejectionsIgnorePodDeletions() {
        queue.add(pod("p").info());
        queue.requeue(pop(), Set.of("TaintToleration"));
        queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETED, null);
        assertThat(queue.unschedulableCount()).isEqualTo(1);
        queue.onEvent(ClusterEvent.NODE_UPDATED, null);
        assertThat(queue.unschedulableCount()).isZero();
    }

    @Test
    void assignedPodAddsMoveOnlyPodsWhoseAffinityTheyMatch() {
        PodInfo waiting = pod("w").spec("affinity", "{'podAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': "
                + "[{'topologyKey': 'kubernetes.io/hostname', 'labelSelector': {'matchLabels': {'app': 'db'}}}]}}").info();
        queue.add(waiting);
        queue.requeue(pop(), Set.of("InterPodAffinity"));
        queue.onEvent(ClusterEvent.ASSIGNED_POD_ADDED, pod("x").label("app", "web").info());
        assertThat(queue.unschedulableCount()).isEqualTo(1);
        queue.onEvent(ClusterEvent.ASSIGNED_POD_ADDED, pod("y").label("app", "db").info());
        assertThat(queue.unschedulableCount()).isZero();
    }

    @Test
    void anEventDuringTheCycleSendsTheFailedPodToBackoff() {
        queue.add(pod("p").info());
        QueuedPod q = pop();
        queue.onEvent(ClusterEvent.NODE_ADDED, null); // arrives while p is being scheduled
        queue.requeue(q, Set.of("NodeResourcesFit"));
        assertThat(queue.unschedulableCount()).isZero();
        assertThat(queue.backoffCount()).isEqualTo(1);
    }

    @Test
    void aPodNoPluginRejectedWaitsForAnyClusterEventNotATimer() {
        // No nodes at all: nothing to retry until the cluster changes (a timer would rewrite it every 10 s).
        queue.add(pod("p").info());
        queue.requeue(pop(), Set.of());
        assertThat(queue.unschedulableCount()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        queue.flush();
        assertThat(queue.pop()).isEmpty();
        queue.onEvent(ClusterEvent.NODE_ADDED, null);
        assertThat(queue.unschedulableCount()).isZero();
        assertThat(queue.pop()).isPresent();
    }

    @Test
    void errorsRetryAfterBackoff() {
        queue.add(pod("p").info());
        queue.retry(pop());
        assertThat(queue.backoffCount()).isEqualTo(1);
        clock.advance(Duration.ofMillis(999));
        assertThat(queue.pop()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(queue.pop()).isPresent();
    }

    @Test
    void unschedulablePodsAreRetriedAfterFiveMinutesRegardless() {
        queue.add(pod("p").info());
        queue.requeue(pop(), Set.of("NodeAffinity"));
        clock.advance(Duration.ofMinutes(5));
        queue.flush();
        assertThat(queue.unschedulableCount()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        queue.flush();
        assertThat(queue.activeCount()).isEqualTo(1);
    }

    @Test
    void statusOnlyUpdatesDoNotRetryButSpecChangesDo() {
        var b = pod("p");
        queue.add(b.info());
        queue.requeue(pop(), Set.of("NodeAffinity"));
        queue.update(b.nominatedNodeName("x").info());
        assertThat(queue.unschedulableCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        queue.update(b.nodeSelector("disk", "ssd").info());
        assertThat(queue.activeCount()).isEqualTo(1);
    }

    @Test
    void gatedPodsWaitForTheirGatesToGo() {
        var b = pod("p").spec("schedulingGates", "[{'name': 'example.com/quota'}]");
        queue.add(b.info());
        assertThat(queue.pop()).isEmpty();
        assertThat(queue.size()).isEqualTo(1);
        b.json().with("spec").remove("schedulingGates");
        queue.update(b.info());
        assertThat(pop().pod().name()).isEqualTo("p");
    }

    @Test
    void deletesAndBindingsLeaveTheQueue() {
        PodInfo p = pod("p").info();
        queue.add(p);
        queue.delete(p.uid());
        assertThat(queue.pop()).isEmpty();
        PodInfo q = pod("q").info();
        queue.add(q);
        QueuedPod popped = pop();
        queue.done(popped);
        assertThat(queue.contains(q.uid())).isFalse();
        PodInfo r = pod("r").info();
        queue.add(r);
        QueuedPod inFlight = pop();
        queue.delete(r.uid());
        queue.requeue(inFlight, Set.of("NodeResourcesFit")); // deleted while in flight: dropped
        assertThat(queue.size()).isZero();
        queue.add(pod("bound").nodeName("a").info());
        assertThat(queue.size()).isZero();
    }
}
