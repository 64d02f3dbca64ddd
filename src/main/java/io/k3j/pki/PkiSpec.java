package io.k3j.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the cluster PKI must contain.
 *
 * @param tlsDir          {@code <data-dir>/server/tls}
 * @param clusterDomain   e.g. {@code cluster.local}; adds {@code kubernetes.default.svc.<domain>}
 * @param firstServiceIp  the {@code kubernetes} Service's ClusterIP (10.43.0.1 by default)
 * @param extraDnsSans    hostname, advertise name, {@code --tls-san} values (IP literals are accepted and
 *                        treated as IP SANs)
 * @param extraIpSans     node IP, advertise address, IP {@code --tls-san} values
 * @param nodeName        this node's name, for the kubelet client cert {@code system:node:<nodeName>}
 */
public record PkiSpec(Path tlsDir, String clusterDomain, InetAddress firstServiceIp,
                      List<String> extraDnsSans, List<InetAddress> extraIpSans, String nodeName) {

    public PkiSpec {
        Objects.requireNonNull(tlsDir, "tlsDir");
        Objects.requireNonNull(firstServiceIp, "firstServiceIp");
        if (clusterDomain == null || clusterDomain.isBlank()) {
            throw new IllegalArgumentException("clusterDomain must not be empty");
        }
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("nodeName must not be empty");
        }
        extraDnsSans = List.copyOf(extraDnsSans);
        extraIpSans = List.copyOf(extraIpSans);
    }

    /** The full serving-cert SAN set: the fixed K3s names and loopbacks, then the caller's extras. */
    SanSet servingSans() {
        String domain = clusterDomain.strip();
        List<String> dns = new ArrayList<>(List.of("localhost", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc." + domain));
        dns.addAll(extraDnsSans);
        List<InetAddress> ips = new ArrayList<>(List.of(loopback4(), loopback6(), firstServiceIp));
        ips.addAll(extraIpSans);
        return SanSet.of(dns, ips);
    }

    private static InetAddress loopback4() {
        return byAddress(new byte[] {127, 0, 0, 1});
    }

    private static InetAddress loopback6() {
        byte[] b = new byte[16];
        b[15] = 1;
        return byAddress(b);
    }

    private static InetAddress byAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
