package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.k3j.quota.Objects.json;
import static io.k3j.quota.Objects.pod;
import static io.k3j.quota.Objects.quota;
import static org.assertj.core.api.Assertions.assertThat;

class UsageCalculatorTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void countsLiveObjectsForEveryHardName() {
        ObjectNode done = pod("done", "c:cpu=1:");
        done.putObject("status").put("phase", "Failed");
        Map<String, List<? extends JsonNode>> objects = Map.of(
                "/pods", List.of(pod("a", "c:cpu=500m,memory=1Gi:"), pod("b", "c:cpu=250m:"), done),
                "/configmaps", List.of(json("{}"), json("{}")),
                "apps/deployments", List.of(json("{}")));
        QuotaObject q = quota("q", "pods=10,count/pods=10,requests.cpu=4,requests.memory=8Gi,configmaps=5,"
                + "count/deployments.apps=2,services=3,requests.nvidia.com/gpu=1", null);
        ResourceList used = UsageCalculator.calculate(q.specHard(), q.scopes(),
                (g, r) -> objects.getOrDefault(g + "/" + r, List.of()), NOW);
        assertThat(used.pretty()).isEqualTo("configmaps=2,count/deployments.apps=1,count/pods=3,pods=2,"
                + "requests.cpu=750m,requests.memory=1Gi,requests.nvidia.com/gpu=0,services=0");
    }

    @Test
    void scopedQuotasCountOnlyMatchingObjects() {
        Map<String, List<? extends JsonNode>> objects = Map.of("/pods", List.of(pod("a", "c::"), pod("b", "c:cpu=1:")));
        QuotaObject q = quota("q", "pods=10", null, "BestEffort");
        assertThat(UsageCalculator.calculate(q.specHard(), q.scopes(), (g, r) -> objects.getOrDefault(g + "/" + r, List.of()), NOW)
                .pretty()).isEqualTo("pods=1");
    }
}
