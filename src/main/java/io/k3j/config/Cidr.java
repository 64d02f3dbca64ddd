package io.k3j.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR notation. Parsing is strict (the host part must be zero, as
 * kube-apiserver demands of --service-cluster-ip-range) so a typo fails at start-up, not later.
 */
public record Cidr(InetAddress network, int prefixLength) {

    public static Cidr parse(String text) {
        String s = text == null ? "" : text.trim();
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            throw new IllegalArgumentException("invalid CIDR \"" + text + "\": expected address/prefix, e.g. 10.42.0.0/16");
        }
        String addr = s.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("invalid CIDR \"" + text + "\": \"" + addr + "\" is not an IP address");
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(addr); // literal only (checked above), so no DNS lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid CIDR \"" + text + "\": \"" + addr + "\" is not an IP address");
        }
        int bits = ip.getAddress().length * 8;
        int prefix;
        try {
            prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid CIDR \"" + text + "\": prefix length is not a number");
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("invalid CIDR \"" + text + "\": prefix length must be 0.." + bits);
        }
        BigInteger value = new BigInteger(1, ip.getAddress());
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        if (!value.and(hostMask).equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException("invalid CIDR \"" + text + "\": host bits are set (did you mean "
                    + toAddress(value.andNot(hostMask), ip.getAddress().length).getHostAddress() + "/" + prefix + "?)");
        }
        return new Cidr(ip, prefix);
    }

    /** The n-th address of the network (n = 1 is the first usable one, e.g. 10.43.0.1). */
    public InetAddress address(long n) {
        int len = network.getAddress().length;
        BigInteger size = BigInteger.ONE.shiftLeft(len * 8 - prefixLength);
        if (n < 0 || BigInteger.valueOf(n).compareTo(size) >= 0) {
            throw new IllegalArgumentException("address index " + n + " is outside " + this);
        }
        return toAddress(new BigInteger(1, network.getAddress()).add(BigInteger.valueOf(n)), len);
    }

    /** "IPv4" or "IPv6", as Kubernetes names IP families. */
    public String family() {
        return network.getAddress().length == 16 ? "IPv6" : "IPv4";
    }

    public boolean contains(InetAddress ip) {
        byte[] a = ip.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int bits = a.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE));
        return new BigInteger(1, a).and(mask).equals(new BigInteger(1, n));
    }

    private static InetAddress toAddress(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is 4 or 16
        }
    }

    /** Canonical: dotted IPv4, RFC 5952 IPv6 ({@code 2001:cafe:42::/56}), as upstream prints networks. */
    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }

    /**
     * An address in canonical text: dotted IPv4; RFC 5952 IPv6 (lower case, the longest run of two or more zero
     * groups as {@code ::}, the first of equal runs), the form upstream requires of IPAddress object names.
     */
    public static String format(InetAddress ip) {
        byte[] b = ip.getAddress();
        if (b.length == 4) {
            return ip.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is never shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
