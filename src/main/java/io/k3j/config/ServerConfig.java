package io.k3j.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a k3j server needs to start, after flags, environment and config files were merged
 * and validated. Components receive this (or the part they need), never the CLI types.
 */
public record ServerConfig(
        Path dataDir,
        Path kubeconfigPath,
        int kubeconfigMode,
        String bindAddress,
        int httpsPort,
        Optional<InetAddress> advertiseAddress,
        Optional<InetAddress> nodeIp,
        String nodeName,
        List<String> tlsSans,
        CidrList clusterCidr,
        CidrList serviceCidr,
        PortRange serviceNodePortRange,
        List<InetAddress> clusterDns,
        String clusterDomain,
        Optional<String> token,
        Optional<String> agentToken,
        Optional<String> datastoreEndpoint,
        String snapshotCron,
        int snapshotRetention,
        Set<String> disabled,
        boolean disableAgent,
        boolean secretsEncryption,
        String secretsEncryptionProvider,
        ComponentArgs apiServerArgs,
        ComponentArgs controllerManagerArgs,
        ComponentArgs schedulerArgs,
        ComponentArgs kubeletArgs,
        boolean debug,
        HollowNodes hollowNodes) {

    public ServerConfig {
        tlsSans = List.copyOf(tlsSans);
        clusterDns = List.copyOf(clusterDns);
        disabled = Set.copyOf(disabled);
    }

    public Path serverDir() {
        return dataDir.resolve("server");
    }

    public Path tlsDir() {
        return serverDir().resolve("tls");
    }

    public Path credDir() {
        return serverDir().resolve("cred");
    }

    public Path dbDir() {
        return serverDir().resolve("db");
    }

    public Path manifestsDir() {
        return serverDir().resolve("manifests");
    }

    /** The first address of the primary service network: the ClusterIP of the kubernetes Service. */
    public InetAddress apiServiceIp() {
        return serviceCidr.primary().address(1);
    }

    /** Each family of the pod network with the node subnet size (validated when the config was built). */
    public List<PodNetwork> podNetworks() {
        return PodNetwork.of(clusterCidr, controllerManagerArgs);
    }

    public boolean isDisabled(String component) {
        return disabled.contains(component);
    }
}
