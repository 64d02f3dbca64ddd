package io.k3j.auth.audit;

import io.k3j.config.ComponentArgs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditSettingsTest {

    @Test
    void kubeApiserverArgsCarryTheAuditFlags() {
        ComponentArgs args = ComponentArgs.parse(ComponentArgs.Component.KUBE_APISERVER, List.of(
                "audit-log-path=/var/log/k3j/audit.log", "audit-policy-file=/etc/k3j/audit.yaml",
                "audit-log-maxage=30", "audit-log-maxbackup=10", "audit-log-maxsize=100"));
        AuditSettings s = AuditSettings.from(args.values());
        assertThat(s).isEqualTo(new AuditSettings("/var/log/k3j/audit.log", Path.of("/etc/k3j/audit.yaml"), 30, 10, 100));
    }

    @Test
    void noLogPathMeansNoAuditingAndBadNumbersAreErrors() {
        assertThat(AuditSettings.from(Map.of("audit-policy-file", "/etc/k3j/audit.yaml"))).isNull();
        assertThat(AuditSettings.from(Map.of("audit-log-path", "-")).policyFile()).isNull();
        assertThatThrownBy(() -> AuditSettings.from(Map.of("audit-log-path", "/a", "audit-log-maxsize", "-1")))
                .hasMessage("--kube-apiserver-arg audit-log-maxsize=-1: expected a whole number >= 0");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("audit-log-path", "/a", "audit-log-maxage", "ten")))
                .hasMessageContaining("audit-log-maxage=ten");
    }
}
