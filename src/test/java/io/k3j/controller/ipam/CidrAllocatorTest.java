package io.k3j.controller.ipam;

import io.k3j.config.Cidr;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrAllocatorTest {

    @Test
    void handsOutEverySubnetOnceThenReportsFull() {
        CidrAllocator a = new CidrAllocator(Cidr.parse("10.42.0.0/16"), 24);
        assertThat(a.capacity()).isEqualTo(256);
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 256; i++) {
            got.add(a.allocate().orElseThrow());
        }
        assertThat(got).hasSize(256).contains("10.42.0.0/24", "10.42.255.0/24");
        assertThat(a.allocate()).isEmpty();
        a.release("10.42.7.0/24");
        assertThat(a.allocate()).contains("10.42.7.0/24");
    }

    @Test
    void occupiedSubnetsAreSkippedAndForeignOnesIgnored() {
        CidrAllocator a = new CidrAllocator(Cidr.parse("10.42.0.0/16"), 24);
        assertThat(a.occupy("10.42.0.0/24")).isTrue();
        assertThat(a.occupy("10.43.0.0/24")).isFalse();
        assertThat(a.occupy("10.42.1.0/25")).isFalse();
        assertThat(a.occupy("garbage")).isFalse();
        assertThat(a.allocate()).contains("10.42.1.0/24");
        assertThat(a.allocated()).isEqualTo(2);
    }

    @Test
    void nextFitDoesNotReuseAReleasedSubnetAtOnce() {
        CidrAllocator a = new CidrAllocator(Cidr.parse("10.0.0.0/22"), 24);
        String first = a.allocate().orElseThrow();
        a.release(first);
        assertThat(a.allocate()).contains("10.0.1.0/24");
    }

    @Test
    void ipv6() {
        CidrAllocator a = new CidrAllocator(Cidr.parse("fd00:10:42::/56"), 64);
        // canonical text (RFC 5952), as upstream writes spec.podCIDRs
        assertThat(a.allocate()).contains("fd00:10:42::/64");
        assertThat(a.allocate()).contains("fd00:10:42:1::/64");
        assertThat(a.occupy("fd00:10:42:2:0:0:0:0/64")).isTrue();
        assertThat(a.allocate()).contains("fd00:10:42:3::/64");
    }

    @Test
    void aMaskSmallerThanTheNetworkIsRefused() {
        assertThatThrownBy(() -> new CidrAllocator(Cidr.parse("10.42.0.0/16"), 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
