package io.k3j.quota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.Operation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.k3j.quota.Objects.json;
import static io.k3j.quota.Objects.pod;
import static io.k3j.quota.Objects.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaCheckTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static List<QuotaObject> create(List<QuotaObject> quotas, ObjectNode pod) {
        return QuotaCheck.check(quotas, new QuotaCheck.Request(Operation.CREATE, "", "pods", "", pod, null),
                new PodEvaluator(), List.of(), NOW);
    }

    @Test
    void chargesEveryQuotaThatApplies() {
        List<QuotaObject> out = create(List.of(quota("a", "pods=3", "pods=1"), quota("b", "requests.cpu=1", "requests.cpu=0"),
                quota("c", "secrets=1", "secrets=0")), pod("p", "c1:cpu=250m:"));
        assertThat(out.get(0).used().pretty()).isEqualTo("pods=2");
        assertThat(out.get(1).used().pretty()).isEqualTo("requests.cpu=250m");
        assertThat(out.get(2).used().pretty()).isEqualTo("secrets=0");
    }

    @Test
    void overQuotaIsRefusedWithUpstreamsText() {
        assertThatThrownBy(() -> create(List.of(quota("compute", "pods=2", "pods=2")), pod("p", "c1::")))
                .isInstanceOf(QuotaDenied.class)
                .hasMessage("exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2");
        assertThatThrownBy(() -> create(List.of(quota("mem", "requests.memory=1Gi,requests.cpu=2", "requests.memory=768Mi,requests.cpu=1900m")),
                pod("p", "c1:cpu=200m,memory=512Mi:")))
                .hasMessage("exceeded quota: mem, requested: requests.cpu=200m,requests.memory=512Mi, "
                        + "used: requests.cpu=1900m,requests.memory=768Mi, limited: requests.cpu=2,requests.memory=1Gi");
    }

    @Test
    void missingCpuOrMemoryIsRefusedWhenEnforced() {
        assertThatThrownBy(() -> create(List.of(quota("q", "limits.cpu=2,requests.memory=1Gi", "limits.cpu=0,requests.memory=0")),
                pod("p", "c1::")))
                .hasMessage("failed quota: q: must specify limits.cpu for: c1; requests.memory for: c1");
    }

    @Test
    void aQuotaNotCountedYetRefusesAndOneWithoutStatusIsNotEnforced() {
        assertThatThrownBy(() -> create(List.of(quota("q", "pods=2,count/pods=2", "pods=0")), pod("p", "c1::")))
                .hasMessage("status unknown for quota: q, resources: count/pods,pods");
        List<QuotaObject> fresh = List.of(quota("q", "pods=0", null));
        assertThat(create(fresh, pod("p", "c1::"))).isSameAs(fresh);
    }

    @Test
    void scopedQuotasChargeOnlyMatchingPods() {
        List<QuotaObject> quotas = List.of(quota("be", "pods=1", "pods=1", "BestEffort"), quota("nbe", "pods=5", "pods=0", "NotBestEffort"));
        assertThat(create(quotas, pod("p", "c1:cpu=1:")).get(1).used().pretty()).isEqualTo("pods=1");
        assertThatThrownBy(() -> create(quotas, pod("p", "c1::"))).hasMessageStartingWith("exceeded quota: be,");
    }

    @Test
    void updatesAreChargedTheGrowthOnly() {
        PvcEvaluator pvc = new PvcEvaluator();
        ObjectNode small = json("{'spec':{'resources':{'requests':{'storage':'1Gi'}}}}");
        ObjectNode big = json("{'spec':{'resources':{'requests':{'storage':'3Gi'}}}}");
        List<QuotaObject> quotas = List.of(quota("s", "requests.storage=4Gi", "requests.storage=2Gi"));
        List<QuotaObject> out = QuotaCheck.check(quotas, new QuotaCheck.Request(Operation.UPDATE, "", "persistentvolumeclaims", "",
                big, small), pvc, List.of(), NOW);
        assertThat(out.get(0).used().pretty()).isEqualTo("requests.storage=4Gi");
        List<QuotaObject> shrink = QuotaCheck.check(quotas, new QuotaCheck.Request(Operation.UPDATE, "", "persistentvolumeclaims", "",
                small, big), pvc, List.of(), NOW);
        assertThat(shrink).as("shrinking charges nothing and credits nothing").isSameAs(quotas);
    }

    @Test
    void limitedResourcesNeedACoveringQuota() {
        List<LimitedResource> limited = List.of(new LimitedResource("", "pods", List.of("requests.cpu"), List.of()));
        QuotaCheck.Request r = new QuotaCheck.Request(Operation.CREATE, "", "pods", "", pod("p", "c1:cpu=1:"), null);
        assertThatThrownBy(() -> QuotaCheck.check(List.of(quota("q", "pods=5", "pods=0")), r, new PodEvaluator(), limited, NOW))
                .hasMessage("insufficient quota to consume: requests.cpu");
        assertThat(QuotaCheck.check(List.of(quota("q", "requests.cpu=5", "requests.cpu=0")), r, new PodEvaluator(), limited, NOW)
                .get(0).used().pretty()).isEqualTo("requests.cpu=1");
    }
}
