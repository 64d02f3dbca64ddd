package io.k3j.apiserver.services;

import io.k3j.config.Cidr;

import java.math.BigInteger;
import java.net.InetAddress;

/**
 * The addresses a service network hands out, as upstream's IP allocator counts them: from the address after the
 * network address to the last one (IPv4 also keeps its broadcast address back). The first {@link #staticBand()}
 * addresses form the lower band that dynamic allocation uses only once the upper band is full, so addresses users
 * pick for their services (KEP-3070) rarely collide with random ones.
 */
final class IpRange {

    private final Cidr cidr;
    private final int length;
    private final BigInteger first;
    private final BigInteger size;
    private final int staticBand;

    IpRange(Cidr cidr) {
        this.cidr = cidr;
        this.length = cidr.network().getAddress().length;
        int hostBits = length * 8 - cidr.prefixLength();
        BigInteger network = IpText.toNumber(cidr.network());
        BigInteger total = BigInteger.ONE.shiftLeft(hostBits);
        this.first = network.add(BigInteger.ONE);
        BigInteger last = network.add(total).subtract(length == 4 ? BigInteger.TWO : BigInteger.ONE);
        this.size = last.compareTo(first) < 0 ? BigInteger.ZERO : last.subtract(first).add(BigInteger.ONE);
        this.staticBand = staticBand(total);
    }

    /** Upstream's min(max(16, size/16), 256), none for networks of 16 addresses or fewer. */
    static int staticBand(BigInteger total) {
        if (total.compareTo(BigInteger.valueOf(16)) <= 0) {
            return 0;
        }
        BigInteger band = total.divide(BigInteger.valueOf(16));
        return band.max(BigInteger.valueOf(16)).min(BigInteger.valueOf(256)).intValueExact();
    }

    String family() {
        return length == 16 ? "IPv6" : "IPv4";
    }

    /** How many addresses may be allocated. */
    BigInteger size() {
        return size;
    }

    /** How many addresses at the start of the range are kept for requested ones. */
    int staticBand() {
        return size.compareTo(BigInteger.valueOf(staticBand)) <= 0 ? 0 : staticBand;
    }

    boolean contains(InetAddress ip) {
        if (ip == null || ip.getAddress().length != length) {
            return false;
        }
        BigInteger offset = IpText.toNumber(ip).subtract(first);
        return offset.signum() >= 0 && offset.compareTo(size) < 0;
    }

    /** The address {@code offset} places after the first allocatable one. */
    String at(BigInteger offset) {
        return IpText.format(IpText.fromNumber(first.add(offset), length));
    }

    /** The network address: what a dry run answers for an address it does not allocate, as upstream's. */
    String networkAddress() {
        return IpText.format(cidr.network());
    }

    @Override
    public String toString() {
        return IpText.format(cidr.network()) + "/" + cidr.prefixLength();
    }
}
