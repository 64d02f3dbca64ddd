package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.k3j.controller.podautoscaler.TestPods.NOW;
import static io.k3j.controller.podautoscaler.TestPods.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaCalculatorTest {

    private final ReplicaCalculator calc = ReplicaCalculator.defaults(Clock.fixed(NOW, ZoneOffset.UTC));

    private static PodMetric sample(long milli) {
        // taken well after the pods became ready, so CPU samples count
        return new PodMetric(milli, NOW.minusSeconds(10), Duration.ofSeconds(30));
    }

    @Test
    void utilizationAboveTargetScalesUpProportionally() {
        // 3 pods at 900m of 1 CPU requested = 90 % against a 50 % target: ceil(1.8 * 3) = 6
        List<ObjectNode> pods = List.of(running("a", "1"), running("b", "1"), running("c", "1"));
        var u = calc.resourceReplicas(3, 50, "cpu", "", pods, Map.of("a", sample(900), "b", sample(900), "c", sample(900)));
        assertThat(u.replicas()).isEqualTo(6);
        assertThat(u.utilization()).isEqualTo(90);
        assertThat(u.rawAverage()).isEqualTo(900);
    }

    @Test
    void withinTheTenPercentToleranceKeepsTheCount() {
        List<ObjectNode> pods = List.of(running("a", "1"), running("b", "1"));
        // 54 % of a 50 % target: ratio 1.08, inside ±0.1
        var u = calc.resourceReplicas(2, 50, "cpu", "", pods, Map.of("a", sample(540), "b", sample(540)));
        assertThat(u.replicas()).isEqualTo(2);
        assertThat(u.utilization()).isEqualTo(54);
        // 56 % → ratio 1.12, outside: ceil(1.12 * 2) = 3
        assertThat(calc.resourceReplicas(2, 50, "cpu", "", pods, Map.of("a", sample(560), "b", sample(560))).replicas())
                .isEqualTo(3);
    }

    @Test
    void belowTargetScalesDown() {
        List<ObjectNode> pods = List.of(running("a", "1"), running("b", "1"), running("c", "1"), running("d", "1"));
        // 10 % against 50 %: ratio 0.2 → ceil(0.8) = 1
        var u = calc.resourceReplicas(4, 50, "cpu", "", pods,
                Map.of("a", sample(100), "b", sample(100), "c", sample(100), "d", sample(100)));
        assertThat(u.replicas()).isEqualTo(1);
    }

    @Test
    void missingPodsCountAsFullRequestOnScaleDown() {
        // a and b at 10 %, c has no sample: on a scale-down c counts as 100 % → (10+10+100)/3 = 40 % → ratio 0.8 → ceil(2.4) = 3
        List<ObjectNode> pods = List.of(running("a", "1"), running("b", "1"), running("c", "1"));
        var u = calc.resourceReplicas(3, 50, "cpu", "", pods, Map.of("a", sample(100), "b", sample(100)));
        assertThat(u.replicas()).isEqualTo(3);
        assertThat(u.utilization()).as("reported from the pods that have samples").isEqualTo(10);

        // with 5 pods of which 4 report 0: (0*4 + 100)/5 = 20 % → ratio 0.4 → ceil(2.0) = 2
        List<ObjectNode> five = List.of(running("a", "1"), running("b", "1"), running("c", "1"), running("d", "1"),
                running("e", "1"));
        assertThat(calc.resourceReplicas(5, 50, "cpu", "", five,
                Map.of("a", sample(0), "b", sample(0), "c", sample(0), "d", sample(0))).replicas()).isEqualTo(2);
    }

    @Test
    void missingPodsCountAsIdleOnScaleUpAndNeverReverseTheDirection() {
        // a at 100 % (ratio 2), b missing → b counts 0 → 50 % → ratio 1.0 within tolerance → keep 2
        List<ObjectNode> pods = List.of(running("a", "1"), running("b", "1"));
        assertThat(calc.resourceReplicas(2, 50, "cpu", "", pods, Map.of("a", sample(1000))).replicas()).isEqualTo(2);
        // a at 200 % (ratio 4), b missing → 100 % → ratio 2 → ceil(2 * 2) = 4
        assertThat(calc.resourceReplicas(2, 50, "cpu", "", pods, Map.of("a", sample(2000))).replicas()).isEqualTo(4);
    }

    @Test
    void unreadyAndPendingPodsCountAsIdleOnlyWhenScalingUp() {
        ObjectNode pending = TestPods.phase(running("p", "1"), "Pending");
        // a and b at 100 % (ratio 2) + pending p counted at 0: 2000/3000 = 66 % → ratio 1.33 → ceil(1.33 * 3) = 4
        List<ObjectNode> pods = List.of(running("a", "1"), running("b", "1"), pending);
        assertThat(calc.resourceReplicas(3, 50, "cpu", "", pods, Map.of("a", sample(1000), "b", sample(1000))).replicas())
                .isEqualTo(4);
        // scaling down, the pending pod is left out: 10 % → ratio 0.2 → ceil(0.2 * 2 ready) = 1
        assertThat(calc.resourceReplicas(3, 50, "cpu", "", pods, Map.of("a", sample(100), "b", sample(100))).replicas())
                .isEqualTo(1);
    }

    @Test
    void cpuSamplesOfPodsThatNeverBecameReadyAreIgnored() {
        // started 2 minutes ago (inside the 5 min CPU initialization period) and not ready: its sample is ignored
        ObjectNode warming = TestPods.unready(TestPods.started(running("w", "1"), NOW.minusSeconds(120)), NOW.minusSeconds(110));
        List<ObjectNode> pods = List.of(running("a", "1"), warming);
        var u = calc.resourceReplicas(2, 50, "cpu", "", pods, Map.of("a", sample(500), "w", sample(1000)));
        assertThat(u.utilization()).isEqualTo(50);
        assertThat(u.replicas()).isEqualTo(2);
        // the same readiness does not matter for memory
        var mem = calc.resourceReplicas(2, 50, "memory", "", List.of(withMemory(running("a", null)), withMemory(warming.deepCopy())),
                Map.of("a", sample(500), "w", sample(1000)));
        assertThat(mem.utilization()).isEqualTo(75);
    }

    private static ObjectNode withMemory(ObjectNode pod) {
        ((ObjectNode) pod.path("spec").path("containers").get(0)).putObject("resources").putObject("requests").put("memory", "1");
        return pod;
    }

    @Test
    void deletedAndFailedPodsAreIgnored() {
        List<ObjectNode> pods = List.of(running("a", "1"), TestPods.deleting(running("d", "1")),
                TestPods.phase(running("f", "1"), "Failed"));
        var u = calc.resourceReplicas(3, 50, "cpu", "", pods, Map.of("a", sample(500), "d", sample(1000), "f", sample(1000)));
        assertThat(u.utilization()).isEqualTo(50);
        assertThat(u.replicas()).as("within tolerance: the current count").isEqualTo(3);
    }

    @Test
    void upstreamErrors() {
        assertThatThrownBy(() -> calc.resourceReplicas(1, 50, "cpu", "", List.of(), Map.of()))
                .hasMessage("no pods returned by selector while calculating replica count");
        assertThatThrownBy(() -> calc.resourceReplicas(1, 50, "cpu", "", List.of(TestPods.phase(running("a", "1"), "Pending")),
                Map.of("a", sample(1))))
                .hasMessage("did not receive metrics for targeted pods (pods might be unready)");
        assertThatThrownBy(() -> calc.resourceReplicas(1, 50, "cpu", "", List.of(running("a", null)), Map.of("a", sample(1))))
                .hasMessage("missing request for cpu in container c of Pod a");
        assertThatThrownBy(() -> calc.resourceReplicas(1, 50, "cpu", "", List.of(running("a", "1")), Map.of("zzz", sample(1))))
                .isInstanceOf(MetricException.class);
    }

    @Test
    void containerUtilizationUsesOnlyThatContainersRequest() {
        ObjectNode pod = running("a", "1");
        ((com.fasterxml.jackson.databind.node.ArrayNode) pod.path("spec").path("containers")).addObject().put("name", "side")
                .putObject("resources").putObject("requests").put("cpu", "250m");
        var u = calc.resourceReplicas(1, 50, "cpu", "side", List.of(pod), Map.of("a", sample(250)));
        assertThat(u.utilization()).isEqualTo(100);
        assertThat(u.replicas()).isEqualTo(2);
    }

    @Test
    void plainAverageValueAndPodsMetrics() {
        List<ObjectNode> pods = List.of(running("a", "1"), running("b", "1"));
        // average 300 against 100: ceil(3 * 2) = 6
        var u = calc.plainReplicas(2, 100, "", pods, Map.of("a", PodMetric.of(200), "b", PodMetric.of(400)));
        assertThat(u).isEqualTo(new ReplicaCalculator.Usage(6, 300));
        // a missing pod counts as on target when scaling down: (50 + 100) / 2 = 75 → 0.75 → ceil(1.5) = 2
        assertThat(calc.plainReplicas(2, 100, "", pods, Map.of("a", PodMetric.of(50))).replicas()).isEqualTo(2);
        // and within tolerance when close
        assertThat(calc.plainReplicas(2, 100, "", pods, Map.of("a", PodMetric.of(95), "b", PodMetric.of(105))).replicas())
                .isEqualTo(2);
    }

    @Test
    void objectAndExternalTargets() {
        List<ObjectNode> pods = List.of(running("a", "1"), running("b", "1"), TestPods.unready(running("c", "1"), NOW));
        // Value target: ratio × ready pods (2): ratio 2.5 → 5
        assertThat(calc.usageRatioReplicas(3, 2.5, pods)).isEqualTo(5);
        assertThat(calc.usageRatioReplicas(3, 1.05, pods)).isEqualTo(3);
        // at zero replicas the ratio gives the count
        assertThat(calc.usageRatioReplicas(0, 2.2, pods)).isEqualTo(3);
        // AverageValue target: total / per-pod target, measured against status replicas
        assertThat(calc.perPodReplicas(2, 1000, 100)).isEqualTo(new ReplicaCalculator.Usage(10, 500));
        assertThat(calc.perPodReplicas(10, 1050, 100)).isEqualTo(new ReplicaCalculator.Usage(10, 105));
    }

    @Test
    void toleranceIsConfigurable() {
        ReplicaCalculator strict = new ReplicaCalculator(0.0, Duration.ofMinutes(5), Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        List<ObjectNode> pods = List.of(running("a", "1"), running("b", "1"));
        assertThat(strict.resourceReplicas(2, 50, "cpu", "", pods, Map.of("a", sample(540), "b", sample(540))).replicas())
                .isEqualTo(3);
    }
}
