package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where daemon pods run: selectors, affinity, taints and the default daemon tolerations. */
class DaemonPlacementTest {

    static ObjectNode ds(String podSpec) {
        return RolloutLogicTest.json("{\"spec\":{\"template\":{\"spec\":" + podSpec + "}}}");
    }

    static ObjectNode node(String labels, String spec) {
        return RolloutLogicTest.json("{\"metadata\":{\"name\":\"n1\",\"labels\":" + labels + "},\"spec\":" + spec + "}");
    }

    @Test
    void taintsStopNewPodsOrEvictByEffect() {
        ObjectNode plain = ds("{}");
        assertThat(DaemonPlacement.decide(plain, node("{}", "{}"))).isEqualTo(new DaemonPlacement.Decision(true, true));
        assertThat(DaemonPlacement.decide(plain, node("{}", "{\"taints\":[{\"key\":\"k\",\"effect\":\"NoSchedule\"}]}")))
                .isEqualTo(new DaemonPlacement.Decision(false, true));
        assertThat(DaemonPlacement.decide(plain, node("{}", "{\"taints\":[{\"key\":\"k\",\"effect\":\"NoExecute\"}]}")))
                .isEqualTo(new DaemonPlacement.Decision(false, false));
        assertThat(DaemonPlacement.decide(plain, node("{}", "{\"taints\":[{\"key\":\"k\",\"effect\":\"PreferNoSchedule\"}]}")).shouldRun()).isTrue();
        // The default daemon tolerations cover not-ready/unreachable (NoExecute) and unschedulable (NoSchedule).
        assertThat(DaemonPlacement.decide(plain, node("{}", "{\"taints\":[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoExecute\"},"
                + "{\"key\":\"node.kubernetes.io/unschedulable\",\"effect\":\"NoSchedule\"}]}")).shouldRun()).isTrue();
        ObjectNode tolerant = ds("{\"tolerations\":[{\"key\":\"k\",\"operator\":\"Equal\",\"value\":\"v\",\"effect\":\"NoExecute\"}]}");
        assertThat(DaemonPlacement.decide(tolerant, node("{}", "{\"taints\":[{\"key\":\"k\",\"value\":\"v\",\"effect\":\"NoExecute\"}]}")).shouldRun()).isTrue();
        assertThat(DaemonPlacement.decide(tolerant, node("{}", "{\"taints\":[{\"key\":\"k\",\"value\":\"w\",\"effect\":\"NoExecute\"}]}")).shouldRun()).isFalse();
        ObjectNode all = ds("{\"tolerations\":[{\"operator\":\"Exists\"}]}");
        assertThat(DaemonPlacement.decide(all, node("{}", "{\"taints\":[{\"key\":\"x\",\"effect\":\"NoExecute\"}]}")).shouldRun()).isTrue();
    }

    @Test
    void nodeSelectorAndRequiredAffinity() {
        ObjectNode sel = ds("{\"nodeSelector\":{\"disk\":\"ssd\"}}");
        assertThat(DaemonPlacement.decide(sel, node("{\"disk\":\"ssd\"}", "{}")).shouldRun()).isTrue();
        assertThat(DaemonPlacement.decide(sel, node("{\"disk\":\"hdd\"}", "{}")).shouldRun()).isFalse();
        ObjectNode aff = ds("""
                {"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                 {"matchExpressions":[{"key":"cpu","operator":"Gt","values":["4"]}]},
                 {"matchFields":[{"key":"metadata.name","operator":"In","values":["n1"]}]}]}}}}""");
        assertThat(DaemonPlacement.decide(aff, node("{\"cpu\":\"8\"}", "{}")).shouldRun()).isTrue();
        ObjectNode other = RolloutLogicTest.json("{\"metadata\":{\"name\":\"n2\",\"labels\":{\"cpu\":\"2\"}},\"spec\":{}}");
        assertThat(DaemonPlacement.decide(aff, other).shouldRun()).isFalse();
    }

    @Test
    void pinningReplacesAnyMetadataNameFieldInEveryTerm() {
        ObjectNode spec = RolloutLogicTest.json("""
                {"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                 {"matchExpressions":[{"key":"a","operator":"Exists"}],"matchFields":[{"key":"metadata.name","operator":"In","values":["old"]}]}]}}}}""");
        DaemonPlacement.pinToNode(spec, "n7");
        ObjectNode pod = RolloutLogicTest.json("{}");
        pod.set("spec", spec);
        assertThat(DaemonPlacement.targetNode(pod)).isEqualTo("n7");
        assertThat(spec.toString()).doesNotContain("old").contains("\"key\":\"a\"");
    }
}
