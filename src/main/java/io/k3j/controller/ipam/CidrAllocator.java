package io.k3j.controller.ipam;

import io.k3j.config.Cidr;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;
import java.util.Optional;

/**
 * Hands out equal-sized subnets (e.g. /24s) of the cluster network, as upstream's cidrset: next-fit from the last
 * allocation, so a released subnet is not reused at once. Not thread-safe; the IPAM controller uses it on one context.
 */
final class CidrAllocator {

    /** Beyond this many subnets only the first ones are used (a bitmap of 2^24 bits is 2 MiB). */
    private static final int MAX_BITS = 24;

    private final Cidr cluster;
    private final int maskSize;
    private final int addressBits;
    private final int count;
    private final BitSet used;
    private int next;

    CidrAllocator(Cidr cluster, int maskSize) {
        this.addressBits = cluster.network().getAddress().length * 8;
        if (maskSize < cluster.prefixLength() || maskSize > addressBits) {
            throw new IllegalArgumentException("node CIDR mask size /" + maskSize + " does not fit the cluster CIDR " + cluster);
        }
        this.cluster = cluster;
        this.maskSize = maskSize;
        this.count = 1 << Math.min(maskSize - cluster.prefixLength(), MAX_BITS);
        this.used = new BitSet(count);
    }

    int capacity() {
        return count;
    }

    int allocated() {
        return used.cardinality();
    }

    /** The next free subnet, marked used; empty when the cluster network is full. */
    Optional<String> allocate() {
        int i = used.nextClearBit(next);
        if (i >= count) {
            i = used.nextClearBit(0);
        }
        if (i >= count) {
            return Optional.empty();
        }
        used.set(i);
        next = (i + 1) % count;
        return Optional.of(subnet(i));
    }

    /** Marks a subnet (as recorded on a Node) used; false when it is not one of ours. */
    boolean occupy(String cidr) {
        int i = index(cidr);
        if (i < 0) {
            return false;
        }
        used.set(i);
        return true;
    }

    void release(String cidr) {
        int i = index(cidr);
        if (i >= 0) {
            used.clear(i);
        }
    }

    private String subnet(int i) {
        BigInteger base = new BigInteger(1, cluster.network().getAddress());
        BigInteger addr = base.add(BigInteger.valueOf(i).shiftLeft(addressBits - maskSize));
        return Cidr.format(toAddress(addr)) + "/" + maskSize; // canonical (fd00:10:42:1::/64), as upstream prints
    }

    private int index(String cidr) {
        Cidr c;
        try {
            c = Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (c.prefixLength() != maskSize || !cluster.contains(c.network())) {
            return -1;
        }
        BigInteger offset = new BigInteger(1, c.network().getAddress()).subtract(new BigInteger(1, cluster.network().getAddress()));
        BigInteger i = offset.shiftRight(addressBits - maskSize);
        return i.compareTo(BigInteger.valueOf(count)) < 0 ? i.intValue() : -1;
    }

    private InetAddress toAddress(BigInteger value) {
        int len = addressBits / 8;
        byte[] raw = value.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }
}
