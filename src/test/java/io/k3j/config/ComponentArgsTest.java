package io.k3j.config;

import io.k3j.config.ComponentArgs.Component;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComponentArgsTest {

    @Test
    void supportedKeysParseAndTheLastOneWins() {
        ComponentArgs a = ComponentArgs.parse(Component.KUBE_APISERVER,
                List.of("anonymous-auth=true", "--tls-min-version=VersionTLS13", "anonymous-auth=false"));
        assertThat(a.get("anonymous-auth", null)).isEqualTo("false");
        assertThat(a.get("tls-min-version", null)).isEqualTo("VersionTLS13");
        assertThat(a.get("missing", "x")).isEqualTo("x");
    }

    /** The CSR signer reads it; it used to be refused as an unsupported key, so it could never be set. */
    @Test
    void clusterSigningDurationIsAccepted() {
        ComponentArgs a = ComponentArgs.parse(Component.KUBE_CONTROLLER_MANAGER, List.of("cluster-signing-duration=720h"));
        assertThat(a.durationMillis("cluster-signing-duration", 0)).isEqualTo(720L * 3600 * 1000);
    }

    @Test
    void unsupportedKeyIsAnErrorNamingFlagAndKey() {
        assertThatThrownBy(() -> ComponentArgs.parse(Component.KUBE_APISERVER, List.of("audit-log-pathx=/tmp/a")))
                .hasMessageContaining("--kube-apiserver-arg key \"audit-log-pathx\" is not supported");
        assertThatThrownBy(() -> ComponentArgs.parse(Component.KUBELET, List.of("max-pods=20")))
                .hasMessageContaining("--kubelet-arg").hasMessageContaining("none yet");
    }

    @Test
    void missingEqualsIsAnError() {
        assertThatThrownBy(() -> ComponentArgs.parse(Component.KUBE_SCHEDULER, List.of("v")))
                .hasMessageContaining("expected key=value");
    }
}
