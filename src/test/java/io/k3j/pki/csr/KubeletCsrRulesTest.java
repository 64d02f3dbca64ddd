package io.k3j.pki.csr;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeletCsrRulesTest {

    private static CertificateRequest req(String cn, List<String> orgs, List<String> dns, List<String> ips) {
        return CertificateRequest.parse(TestCsrs.csr(TestCsrs.ecKey(), cn, orgs, dns, ips, List.of())
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static final List<String> NODES = List.of("system:nodes");

    @Test
    void clientRequestsAsUpstream() {
        CertificateRequest ok = req("system:node:n1", NODES, List.of(), List.of());
        assertThatCode(() -> KubeletCsrRules.checkClient(ok, List.of("digital signature", "client auth"))).doesNotThrowAnyException();
        assertThatCode(() -> KubeletCsrRules.checkClient(ok, List.of("key encipherment", "digital signature", "client auth")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> KubeletCsrRules.checkClient(ok, List.of("client auth")))
                .hasMessage("usages did not match [client auth digital signature key encipherment]");
        assertThatThrownBy(() -> KubeletCsrRules.checkClient(req("system:node:n1", List.of("devs"), List.of(), List.of()),
                List.of("digital signature", "client auth"))).hasMessage("subject organization is not system:nodes");
        assertThatThrownBy(() -> KubeletCsrRules.checkClient(req("jane", NODES, List.of(), List.of()),
                List.of("digital signature", "client auth"))).hasMessage("subject common name does not begin with system:node:");
        assertThatThrownBy(() -> KubeletCsrRules.checkClient(req("system:node:n1", NODES, List.of("n1"), List.of()),
                List.of("digital signature", "client auth"))).hasMessage("DNS subjectAltNames are not allowed");
        assertThatThrownBy(() -> KubeletCsrRules.checkClient(req("system:node:n1", NODES, List.of(), List.of("10.0.0.1")),
                List.of("digital signature", "client auth"))).hasMessage("IP subjectAltNames are not allowed");
        assertThat(KubeletCsrRules.isClient(ok, List.of("digital signature", "client auth"))).isTrue();
    }

    @Test
    void servingRequestsAsUpstream() {
        List<String> usages = List.of("digital signature", "server auth");
        assertThatCode(() -> KubeletCsrRules.checkServing(req("system:node:n1", NODES, List.of("n1"), List.of("10.0.0.1")), usages))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> KubeletCsrRules.checkServing(req("system:node:n1", NODES, List.of(), List.of()), usages))
                .hasMessage("DNS or IP subjectAltName is required");
        assertThatThrownBy(() -> KubeletCsrRules.checkServing(req("system:node:n1", NODES, List.of("n1"), List.of()),
                List.of("client auth"))).hasMessage("usages did not match [digital signature key encipherment server auth]");
    }

    @Test
    void apiServerClientUsages() {
        assertThatCode(() -> KubeletCsrRules.checkApiServerClientUsages(List.of("client auth", "digital signature")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> KubeletCsrRules.checkApiServerClientUsages(List.of("digital signature")))
                .hasMessage("missing required usage for client certificate: client auth");
        assertThatThrownBy(() -> KubeletCsrRules.checkApiServerClientUsages(List.of("client auth", "server auth")))
                .hasMessage("invalid usage for client certificate: server auth");
    }
}
