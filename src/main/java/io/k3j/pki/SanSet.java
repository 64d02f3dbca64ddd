package io.k3j.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.util.IPAddress;

/**
 * Subject alternative names of a serving cert. Equality is set equality (order and case of DNS names do
 * not matter), which is what decides whether a restart must re-issue the cert.
 */
record SanSet(List<String> dnsNames, List<InetAddress> ips) {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    SanSet {
        dnsNames = List.copyOf(dnsNames);
        ips = List.copyOf(ips);
    }

    static SanSet empty() {
        return new SanSet(List.of(), List.of());
    }

    /**
     * Normalises user input: trims and lower-cases DNS names, drops blanks and duplicates, and moves IP
     * literals given as "DNS" names (a {@code --tls-san 10.0.0.5} is common) to the IP list.
     */
    static SanSet of(Collection<String> dns, Collection<InetAddress> ips) {
        Set<String> names = new LinkedHashSet<>();
        Set<InetAddress> addrs = new LinkedHashSet<>(ips);
        for (String raw : dns) {
            String d = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (d.isEmpty()) {
                continue;
            }
            if (isIpLiteral(d)) {
                addrs.add(literal(d));
            } else {
                names.add(d);
            }
        }
        return new SanSet(new ArrayList<>(names), new ArrayList<>(addrs));
    }

    static SanSet of(X509Certificate cert) throws IOException {
        Collection<List<?>> entries;
        try {
            entries = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IOException("unreadable subjectAltName extension", e);
        }
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        if (entries != null) {
            for (List<?> e : entries) {
                int type = (Integer) e.get(0);
                if (type == SAN_DNS) {
                    dns.add((String) e.get(1));
                } else if (type == SAN_IP) {
                    ips.add(literal((String) e.get(1)));
                }
            }
        }
        return of(dns, ips);
    }

    boolean sameAs(SanSet other) {
        return Set.copyOf(dnsNames).equals(Set.copyOf(other.dnsNames)) && Set.copyOf(ips).equals(Set.copyOf(other.ips));
    }

    boolean isEmpty() {
        return dnsNames.isEmpty() && ips.isEmpty();
    }

    private static boolean isIpLiteral(String s) {
        return IPAddress.isValidIPv4(s) || IPAddress.isValidIPv6(s);
    }

    /** Only ever called with literals, so no DNS lookup can happen. */
    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }
}
