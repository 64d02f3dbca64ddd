package io.k3j.server;

import io.k3j.config.ServerConfig;
import io.k3j.pki.ClientCredential;
import io.k3j.pki.ClusterPki;
import io.k3j.pki.Component;
import io.k3j.pki.KubeconfigWriter;
import io.k3j.pki.PkiSpec;
import io.k3j.pki.TokenFiles;
import io.k3j.pki.Tokens;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's certificates, join tokens and kubeconfigs: created on first boot, reused after.
 *
 * @param hollowNodes each simulated node's own kubelet client certificate ({@code --hollow-nodes}), by node name
 */
record Credentials(ClusterPki pki, Tokens tokens, Map<String, ClientCredential> hollowNodes) {

    static Credentials ensure(ServerConfig cfg, Clock clock) {
        return ensure(cfg, clock, cfg.token());
    }

    /** @param token the server token to use: {@code --token}, or the password a shared datastore's server settled on */
    static Credentials ensure(ServerConfig cfg, Clock clock, Optional<String> token) {
        try {
            Set<String> dns = new LinkedHashSet<>();
            Set<InetAddress> ips = new LinkedHashSet<>();
            dns.add(cfg.nodeName());
            cfg.advertiseAddress().ifPresent(ips::add);
            nodeIp(cfg).ifPresent(ips::add);
            for (String san : cfg.tlsSans()) {
                if (san.matches("[0-9.]+") || san.contains(":")) {
                    ips.add(InetAddress.getByName(san)); // an IP literal: no lookup
                } else {
                    dns.add(san.toLowerCase(java.util.Locale.ROOT));
                }
            }
            ClusterPki pki = ClusterPki.ensure(new PkiSpec(cfg.tlsDir(), cfg.clusterDomain(), cfg.apiServiceIp(),
                    new ArrayList<>(dns), new ArrayList<>(ips), cfg.nodeName()), clock);
            Tokens tokens = TokenFiles.ensure(cfg.serverDir(), pki.serverCaFile(), token, cfg.agentToken());
            writeKubeconfigs(cfg, pki);
            Map<String, ClientCredential> hollow = new LinkedHashMap<>();
            for (String node : cfg.hollowNodes().names()) {
                hollow.put(node, pki.ensureNodeClientCert(cfg.tlsDir().resolve("hollow"), node, clock));
            }
            return new Credentials(pki, tokens, hollow);
        } catch (IOException e) {
            throw new StartupException("cannot prepare certificates and credentials: " + K3jServer.reason(e), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static void writeKubeconfigs(ServerConfig cfg, ClusterPki pki) throws IOException {
        String url = "https://127.0.0.1:" + cfg.httpsPort();
        String ca = Files.readString(pki.serverCaFile());
        KubeconfigWriter.write(cfg.kubeconfigPath(), cfg.kubeconfigMode(), url, ca, pki.admin());
        Path cred = cfg.credDir();
        KubeconfigWriter.write(cred.resolve("admin.kubeconfig"), 0600, url, ca, pki.admin());
        write(cred, "controller.kubeconfig", url, ca, pki.component(Component.CONTROLLER));
        write(cred, "scheduler.kubeconfig", url, ca, pki.component(Component.SCHEDULER));
        write(cred, "k3j-controller.kubeconfig", url, ca, pki.component(Component.K3J_CONTROLLER));
    }

    private static void write(Path dir, String name, String url, String ca, ClientCredential user) throws IOException {
        KubeconfigWriter.write(dir.resolve(name), 0600, url, ca, user);
    }

    /** The node IP as given, else the first address of an interface that is up and not loopback. */
    static Optional<InetAddress> nodeIp(ServerConfig cfg) {
        if (cfg.nodeIp().isPresent()) {
            return cfg.nodeIp();
        }
        try {
            List<InetAddress> candidates = new ArrayList<>();
            Enumeration<NetworkInterface> nics = NetworkInterface.getNetworkInterfaces();
            while (nics != null && nics.hasMoreElements()) {
                NetworkInterface nic = nics.nextElement();
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress())
                        .forEach(candidates::add);
            }
            return candidates.stream().findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
