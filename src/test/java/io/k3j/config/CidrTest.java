package io.k3j.config;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @Test
    void parsesAndNumbersAddresses() throws Exception {
        Cidr c = Cidr.parse("10.43.0.0/16");
        assertThat(c.prefixLength()).isEqualTo(16);
        assertThat(c.address(1).getHostAddress()).isEqualTo("10.43.0.1");
        assertThat(c.address(10).getHostAddress()).isEqualTo("10.43.0.10");
        assertThat(c.contains(InetAddress.getByName("10.43.255.254"))).isTrue();
        assertThat(c.contains(InetAddress.getByName("10.44.0.1"))).isFalse();
        assertThat(c.toString()).isEqualTo("10.43.0.0/16");
    }

    @Test
    void ipv6() {
        Cidr c = Cidr.parse("fd00:43::/112");
        assertThat(c.address(1).getHostAddress()).isEqualTo("fd00:43:0:0:0:0:0:1");
    }

    @Test
    void rejectsMalformedInputWithTheValueInTheMessage() {
        assertThatThrownBy(() -> Cidr.parse("10.42.0.1/16")).hasMessageContaining("host bits are set")
                .hasMessageContaining("10.42.0.0/16");
        assertThatThrownBy(() -> Cidr.parse("10.42.0.0")).hasMessageContaining("expected address/prefix");
        assertThatThrownBy(() -> Cidr.parse("10.42.0.0/33")).hasMessageContaining("prefix length must be 0..32");
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Cidr.parse("10.43.0.0/16").address(70000)).hasMessageContaining("outside");
    }
}
