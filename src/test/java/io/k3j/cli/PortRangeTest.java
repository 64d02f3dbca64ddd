package io.k3j.cli;

import io.k3j.config.PortRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --service-node-port-range and its --kube-apiserver-arg form. */
class PortRangeTest {

    @Test
    void parsesTheFormsKubeApiserverTakes() {
        assertThat(PortRange.parse("30000-32767")).isEqualTo(new PortRange(30000, 2768));
        assertThat(PortRange.parse("30000+10")).isEqualTo(new PortRange(30000, 11));
        assertThat(PortRange.parse("31000")).isEqualTo(new PortRange(31000, 1));
        assertThat(PortRange.parse("30000-32767").toString()).isEqualTo("30000-32767");
        assertThatThrownBy(() -> PortRange.parse("32767-30000")).hasMessageContaining("invalid port range");
        assertThatThrownBy(() -> PortRange.parse("abc")).hasMessageContaining("invalid port range");
        assertThatThrownBy(() -> PortRange.parse("1-70000")).hasMessageContaining("invalid port range");
    }

    @Test
    void theServerTakesTheFlagAndTheApiServerArgWins() throws Exception {
        assertThat(ServerCommand.configFrom(List.of()).serviceNodePortRange()).isEqualTo(PortRange.DEFAULT_NODE_PORTS);
        assertThat(ServerCommand.configFrom(List.of("--service-node-port-range", "20000-20100")).serviceNodePortRange())
                .isEqualTo(new PortRange(20000, 101));
        assertThat(ServerCommand.configFrom(List.of("--service-node-port-range", "20000-20100",
                "--kube-apiserver-arg", "service-node-port-range=25000-25010")).serviceNodePortRange())
                .isEqualTo(new PortRange(25000, 11));
        assertThatThrownBy(() -> ServerCommand.configFrom(List.of("--kube-apiserver-arg", "service-node-port-range=x")))
                .hasMessageContaining("--kube-apiserver-arg service-node-port-range: invalid port range");
        assertThatThrownBy(() -> ServerCommand.configFrom(List.of("--service-cidr", "fd00::/48")))
                .hasMessageContaining("must be /64 or longer");
    }
}
