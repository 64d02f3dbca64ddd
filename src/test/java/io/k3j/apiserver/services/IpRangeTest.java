package io.k3j.apiserver.services;

import io.k3j.config.Cidr;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The range math of the cluster IP allocator and its canonical address text. */
class IpRangeTest {

    @Test
    void anIpv4NetworkKeepsItsNetworkAndBroadcastAddressesBack() {
        IpRange r = new IpRange(Cidr.parse("10.43.0.0/16"));
        assertThat(r.size()).isEqualTo(BigInteger.valueOf(65534));
        assertThat(r.at(BigInteger.ZERO)).isEqualTo("10.43.0.1");
        assertThat(r.at(BigInteger.valueOf(65533))).isEqualTo("10.43.255.254");
        assertThat(r.contains(IpText.parse("10.43.0.0"))).isFalse();
        assertThat(r.contains(IpText.parse("10.43.255.255"))).isFalse();
        assertThat(r.contains(IpText.parse("10.43.0.1"))).isTrue();
        assertThat(r.contains(IpText.parse("10.44.0.1"))).isFalse();
        assertThat(r.contains(IpText.parse("fd00::1"))).isFalse();
        assertThat(r.networkAddress()).isEqualTo("10.43.0.0");
        assertThat(r.toString()).isEqualTo("10.43.0.0/16");
        assertThat(r.family()).isEqualTo("IPv4");
    }

    @Test
    void theStaticBandIsUpstreamsMinMaxOfASixteenth() {
        assertThat(new IpRange(Cidr.parse("10.43.0.0/16")).staticBand()).isEqualTo(256);
        assertThat(new IpRange(Cidr.parse("10.43.0.0/20")).staticBand()).isEqualTo(256);
        assertThat(new IpRange(Cidr.parse("10.43.0.0/22")).staticBand()).isEqualTo(64);
        assertThat(new IpRange(Cidr.parse("10.43.0.0/24")).staticBand()).isEqualTo(16);
        assertThat(new IpRange(Cidr.parse("10.43.0.0/27")).staticBand()).isEqualTo(16);
        assertThat(new IpRange(Cidr.parse("10.43.0.0/28")).staticBand()).isZero();
        assertThat(new IpRange(Cidr.parse("fd00:43::/64")).staticBand()).isEqualTo(256);
    }

    @Test
    void anIpv6NetworkUsesItsLastAddressAndPrintsCanonically() {
        IpRange r = new IpRange(Cidr.parse("fd00:43::/112"));
        assertThat(r.size()).isEqualTo(BigInteger.valueOf(65535));
        assertThat(r.at(BigInteger.ZERO)).isEqualTo("fd00:43::1");
        assertThat(r.at(BigInteger.valueOf(65534))).isEqualTo("fd00:43::ffff");
        assertThat(r.family()).isEqualTo("IPv6");
        assertThat(IpText.canonical("FD00:0043:0000:0000:0000:0000:0000:0001")).isEqualTo("fd00:43::1");
        assertThat(IpText.canonical("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpText.canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpText.canonical("::")).isEqualTo("::");
        assertThat(IpText.canonical("not-an-ip")).isNull();
        assertThat(IpText.canonical("example.com")).isNull();
        // dotted texts that are no IPv4 literal are refused here, never looked up as host names
        assertThat(IpText.canonical("1.2.3.4.5")).isNull();
        assertThat(IpText.canonical("10.43.0.300")).isNull();
        assertThat(IpText.canonical("10.43.5")).isNull();
        assertThat(IpText.canonical("010.043.000.005")).isEqualTo("10.43.0.5");
        assertThat(IpText.canonical("::ffff:10.43.0.5")).isEqualTo("10.43.0.5");
        assertThat(IpText.canonical("fd00::1::2")).isNull();
    }

    @Test
    void aBandWalkOffersEveryOffsetOnceFromARandomStart() {
        BandWalk walk = new BandWalk(BigInteger.TEN, BigInteger.valueOf(5), new java.util.Random(7));
        java.util.Set<BigInteger> seen = new java.util.TreeSet<>();
        BigInteger o;
        while ((o = walk.next()) != null) {
            assertThat(seen.add(o)).isTrue();
        }
        assertThat(seen).containsExactly(BigInteger.valueOf(10), BigInteger.valueOf(11), BigInteger.valueOf(12),
                BigInteger.valueOf(13), BigInteger.valueOf(14));
        assertThat(NodePortAllocator.staticBand(2768)).isEqualTo(86);
        assertThat(NodePortAllocator.staticBand(10000)).isEqualTo(128);
        assertThat(NodePortAllocator.staticBand(100)).isEqualTo(16);
        assertThat(NodePortAllocator.staticBand(16)).isZero();
    }
}
