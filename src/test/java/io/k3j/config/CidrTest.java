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

    @Test
    void canonicalTextAndFamily() {
        assertThat(Cidr.parse("2001:CAFE:42:0:0:0:0:0/56").toString()).isEqualTo("2001:cafe:42::/56");
        assertThat(Cidr.parse("fd00:0:0:1:0:0:0:0/64").toString()).isEqualTo("fd00:0:0:1::/64");
        assertThat(Cidr.parse("2001:cafe:42::/56").family()).isEqualTo("IPv6");
        assertThat(Cidr.parse("10.42.0.0/16").family()).isEqualTo("IPv4");
    }

    @Test
    void listsHoldOneNetworkPerFamily() {
        CidrList dual = CidrList.parse("--cluster-cidr", " 10.42.0.0/16 , 2001:cafe:42::/56");
        assertThat(dual.primary()).isEqualTo(Cidr.parse("10.42.0.0/16"));
        assertThat(dual.ofFamily("IPv6")).contains(Cidr.parse("2001:cafe:42::/56"));
        assertThat(CidrList.parse("--cluster-cidr", "10.42.0.0/16").ofFamily("IPv6")).isEmpty();
        assertThatThrownBy(() -> CidrList.parse("--cluster-cidr", "10.42.0.0/16,")).hasMessage(
                "--cluster-cidr \"10.42.0.0/16,\": empty network in the list");
        assertThatThrownBy(() -> CidrList.parse("--service-cidr", "")).hasMessageContaining("empty network");
        assertThatThrownBy(() -> CidrList.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.1.0.0/16")))
                .hasMessageContaining("two IPv4 networks");
    }
}
