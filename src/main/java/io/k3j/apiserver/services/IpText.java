package io.k3j.apiserver.services;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals as the service allocator reads and writes them. Parsing takes literals only (no name is ever
 * looked up); formatting is canonical (dotted IPv4, RFC 5952 IPv6: lower case, longest zero run as {@code ::}), the
 * form upstream requires of IPAddress object names, so one address always maps to one object.
 */
final class IpText {

    private IpText() {
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /**
     * The address, or null when {@code text} is not an IP literal. IPv4 is parsed here (dotted quad; leading zeros
     * read as decimal, as Go's ParseIPSloppy that upstream's service validation uses): InetAddress would look up any
     * dotted string that is not a literal as a host name. A text with a colon is an IPv6 literal to InetAddress,
     * which fails without a lookup when it is not one.
     */
    static InetAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        java.util.regex.Matcher m = IPV4.matcher(text);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(m.group(i + 1));
                if (v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return fromBytes(b);
        }
        if (!text.contains(":") || !text.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress fromBytes(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 bytes
        }
    }

    static String family(InetAddress ip) {
        return ip instanceof Inet6Address ? "IPv6" : "IPv4";
    }

    static BigInteger toNumber(InetAddress ip) {
        return new BigInteger(1, ip.getAddress());
    }

    static InetAddress fromNumber(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }

    /** The canonical text of {@code text}, or null when it is not an IP literal. */
    static String canonical(String text) {
        InetAddress ip = parse(text);
        return ip == null ? null : format(ip);
    }

    static String format(InetAddress ip) {
        return io.k3j.config.Cidr.format(ip);
    }
}
