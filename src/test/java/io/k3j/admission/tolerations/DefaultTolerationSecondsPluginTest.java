package io.k3j.admission.tolerations;

import io.k3j.admission.AdmissionRequest;
import org.junit.jupiter.api.Test;

import static io.k3j.admission.PluginFixture.admit;
import static io.k3j.admission.PluginFixture.json;
import static io.k3j.admission.PluginFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultTolerationSecondsPluginTest {

    final DefaultTolerationSecondsPlugin plugin = new DefaultTolerationSecondsPlugin();

    static AdmissionRequest podWith(String tolerations) {
        return pod("ns", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"},
                 "spec":{"containers":[],"tolerations":%s}}""".formatted(tolerations));
    }

    @Test
    void aPodToleratesNotReadyAndUnreachableFor300Seconds() {
        AdmissionRequest r = podWith("[]");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("tolerations").toString()).isEqualTo(json("""
                {"t":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
                      {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]}""")
                .get("t").toString());
    }

    @Test
    void aPodsOwnTolerationIsKept() {
        AdmissionRequest r = podWith("""
                [{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":5}]""");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("tolerations")).hasSize(2);
        assertThat(r.object().path("spec").path("tolerations").get(0).path("tolerationSeconds").asLong()).isEqualTo(5);
        assertThat(r.object().path("spec").path("tolerations").get(1).path("key").asText())
                .isEqualTo("node.kubernetes.io/not-ready");
    }

    @Test
    void aWildcardTolerationCoversBoth() {
        AdmissionRequest r = podWith("""
                [{"operator":"Exists"}]""");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("tolerations")).hasSize(1);
    }

    @Test
    void aNoScheduleTolerationDoesNotCount() {
        AdmissionRequest r = podWith("""
                [{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoSchedule"}]""");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("tolerations")).hasSize(3);
    }

    @Test
    void theSecondsAreConfigurable() {
        AdmissionRequest r = podWith("[]");
        admit(new DefaultTolerationSecondsPlugin(60, 120), r);
        assertThat(r.object().path("spec").path("tolerations").get(0).path("tolerationSeconds").asLong()).isEqualTo(60);
        assertThat(r.object().path("spec").path("tolerations").get(1).path("tolerationSeconds").asLong()).isEqualTo(120);
    }
}
