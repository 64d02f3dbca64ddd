package io.k3j.cli;

import io.k3j.auth.encryption.ProviderType;
import io.k3j.config.Cidr;
import io.k3j.config.CidrList;
import io.k3j.config.ComponentArgs;
import io.k3j.config.ComponentArgs.Component;
import io.k3j.config.HollowNodes;
import io.k3j.config.PodNetwork;
import io.k3j.config.PortRange;
import io.k3j.config.ServerConfig;
import io.k3j.server.K3jServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** `k3j server`: flags named and defaulted as K3s's, parsed into an immutable {@link ServerConfig}. */
@Command(name = "server", description = "Run a k3j server (control plane, and a node unless --disable-agent).",
        sortOptions = false, usageHelpAutoWidth = true)
public final class ServerCommand implements Callable<Integer> {

    /** Add-ons k3j packages; --disable takes these names, as K3s does for its own. */
    static final Set<String> PACKAGED = Set.of("coredns", "servicelb", "traefik", "local-storage", "metrics-server",
            "runtimes", "helm-controller");

    /** Environment variables that stand for flags, as K3S_* do for k3s. */
    static final Map<String, String> ENV = Map.of(
            "K3J_TOKEN", "--token",
            "K3J_TOKEN_FILE", "--token-file",
            "K3J_AGENT_TOKEN", "--agent-token",
            "K3J_DATASTORE_ENDPOINT", "--datastore-endpoint",
            "K3J_NODE_NAME", "--node-name",
            "K3J_DATA_DIR", "--data-dir",
            "K3J_KUBECONFIG_OUTPUT", "--write-kubeconfig",
            "K3J_KUBECONFIG_MODE", "--write-kubeconfig-mode");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file (default: /etc/rancher/k3j/config.yaml, plus config.yaml.d/*.yaml)")
    Path config;

    @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE})")
    Path dataDir = Defaults.dataDir();

    @Option(names = {"-o", "--write-kubeconfig"}, paramLabel = "FILE",
            description = "Write the admin kubeconfig here (default: ${DEFAULT-VALUE})")
    Path writeKubeconfig = Defaults.kubeconfig();

    @Option(names = "--write-kubeconfig-mode", paramLabel = "MODE", description = "Octal file mode of the kubeconfig (default: 0600)")
    String writeKubeconfigMode = "0600";

    @Option(names = "--bind-address", paramLabel = "IP", description = "Address to listen on (default: 0.0.0.0)")
    String bindAddress = "0.0.0.0";

    @Option(names = "--https-listen-port", paramLabel = "PORT", description = "HTTPS port of the API (default: 6443)")
    int httpsPort = 6443;

    @Option(names = "--advertise-address", paramLabel = "IP", description = "Address the API server advertises to members")
    String advertiseAddress;

    @Option(names = {"-i", "--node-ip"}, paramLabel = "IP", description = "IP address of this node")
    String nodeIp;

    @Option(names = "--node-name", paramLabel = "NAME", description = "Node name (default: the hostname)")
    String nodeName;

    @Option(names = "--tls-san", paramLabel = "NAME", split = ",",
            description = "Extra hostname or IP in the serving certificate (repeatable)")
    List<String> tlsSans = new ArrayList<>();

    @Option(names = "--cluster-cidr", paramLabel = "CIDR", split = ",",
            description = "Pod network; two, one per IP family, for dual-stack (default: 10.42.0.0/16)")
    List<String> clusterCidr = new ArrayList<>();

    @Option(names = "--service-cidr", paramLabel = "CIDR", split = ",",
            description = "Service network; two, one per IP family, for dual-stack (default: 10.43.0.0/16)")
    List<String> serviceCidr = new ArrayList<>();

    @Option(names = "--service-node-port-range", paramLabel = "RANGE",
            description = "Port range for NodePort services (default: 30000-32767)")
    String serviceNodePortRange = PortRange.DEFAULT_NODE_PORTS.toString();

    @Option(names = "--cluster-dns", paramLabel = "IP", split = ",",
            description = "Cluster DNS service IP, one per family (default: the 10th address of each service network, 10.43.0.10)")
    List<String> clusterDns = new ArrayList<>();

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", description = "Cluster domain (default: cluster.local)")
    String clusterDomain = "cluster.local";

    @Option(names = {"-t", "--token"}, paramLabel = "TOKEN", description = "Shared secret for servers and agents")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the token")
    Path tokenFile;

    @Option(names = "--agent-token", paramLabel = "TOKEN", description = "Secret for agents only (default: the token)")
    String agentToken;

    @Option(names = "--datastore-endpoint", paramLabel = "URL",
            description = "postgres://user:pass@host:port/db, or empty for embedded SQLite")
    String datastoreEndpoint;

    @Option(names = "--datastore-snapshot-schedule-cron", paramLabel = "CRON",
            description = "Snapshot schedule (default: ${DEFAULT-VALUE})")
    String snapshotCron = "0 */12 * * *";

    @Option(names = "--datastore-snapshot-retention", paramLabel = "N", description = "Snapshots to keep (default: 5)")
    int snapshotRetention = 5;

    @Option(names = "--disable", paramLabel = "NAME", split = ",",
            description = "Do not deploy a packaged component (coredns, servicelb, traefik, local-storage, metrics-server)")
    List<String> disable = new ArrayList<>();

    @Option(names = "--disable-helm-controller", arity = "0..1", fallbackValue = "true",
            description = "Do not run the Helm controller (HelmChart and HelmChartConfig objects)")
    boolean disableHelmController;

    @Option(names = "--hollow-nodes", description = "Simulate N nodes in this process (hollow-0 …): they register, "
            + "heartbeat and report their pods Running without containers; for tests and scale experiments")
    int hollowNodes;

    @Option(names = "--hollow-node-capacity", description = "Capacity of each hollow node, e.g. cpu=4,memory=8Gi,pods=110")
    String hollowNodeCapacity;

    @Option(names = "--disable-agent", arity = "0..1", fallbackValue = "true", description = "Do not run a node on this server")
    boolean disableAgent;

    @Option(names = "--secrets-encryption", arity = "0..1", fallbackValue = "true", description = "Encrypt Secrets at rest")
    boolean secretsEncryption;

    @Option(names = "--secrets-encryption-provider", paramLabel = "NAME",
            description = "Provider for new Secrets encryption keys: aescbc, aesgcm or secretbox (default: aescbc)")
    String secretsEncryptionProvider = "aescbc";

    @Option(names = "--kube-apiserver-arg", paramLabel = "KEY=VALUE", description = "API server setting (repeatable)")
    List<String> apiServerArgs = new ArrayList<>();

    @Option(names = "--kube-controller-manager-arg", paramLabel = "KEY=VALUE", description = "Controller manager setting")
    List<String> controllerManagerArgs = new ArrayList<>();

    @Option(names = "--kube-scheduler-arg", paramLabel = "KEY=VALUE", description = "Scheduler setting")
    List<String> schedulerArgs = new ArrayList<>();

    @Option(names = "--kubelet-arg", paramLabel = "KEY=VALUE", description = "Kubelet setting")
    List<String> kubeletArgs = new ArrayList<>();

    @Option(names = "--debug", arity = "0..1", fallbackValue = "true", description = "Verbose logging")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help")
    boolean help;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = toConfig();
        return new K3jServer(cfg).run();
    }

    /** The config the given {@code k3j server} flags describe (no file, no environment): for embedding and tests. */
    public static ServerConfig configFrom(java.util.List<String> args) throws IOException {
        ServerCommand cmd = new ServerCommand();
        new picocli.CommandLine(cmd).parseArgs(args.toArray(String[]::new));
        return cmd.toConfig();
    }

    /** Validates every setting; throws IllegalArgumentException naming the first bad one. */
    ServerConfig toConfig() throws IOException {
        int mode;
        try {
            mode = Integer.parseInt(writeKubeconfigMode, 8);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--write-kubeconfig-mode \"" + writeKubeconfigMode + "\" is not an octal mode like 0600");
        }
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("--write-kubeconfig-mode \"" + writeKubeconfigMode + "\" is not a file mode");
        }
        if (httpsPort < 1 || httpsPort > 65535) {
            throw new IllegalArgumentException("--https-listen-port " + httpsPort + " is not a port number (1-65535)");
        }
        CidrList clusterNet = CidrList.parse("--cluster-cidr", joined(clusterCidr, "10.42.0.0/16"));
        CidrList serviceNet = CidrList.parse("--service-cidr", joined(serviceCidr, "10.43.0.0/16"));
        for (Cidr net : serviceNet.cidrs()) {
            if (net.family().equals("IPv6") && net.prefixLength() < 64) {
                // upstream's allocator refuses wider IPv6 service networks
                throw new IllegalArgumentException("--service-cidr " + net + ": an IPv6 service network must be /64 or longer");
            }
        }
        ComponentArgs apiArgs = ComponentArgs.parse(Component.KUBE_APISERVER, apiServerArgs);
        // K3s passes its flag to kube-apiserver and the --kube-apiserver-arg values after it, so those win.
        String nodePortArg = apiArgs.get("service-node-port-range", null);
        PortRange nodePorts = nodePortArg != null ? portRange("--kube-apiserver-arg service-node-port-range", nodePortArg)
                : portRange("--service-node-port-range", serviceNodePortRange);
        List<InetAddress> dns = clusterDns(serviceNet);
        ip("--bind-address", bindAddress);
        if (!clusterDomain.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
            throw new IllegalArgumentException("--cluster-domain \"" + clusterDomain + "\" is not a DNS domain");
        }
        Set<String> disabled = new LinkedHashSet<>();
        for (String d : disable) {
            String name = d.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!PACKAGED.contains(name)) {
                throw new IllegalArgumentException("--disable \"" + name + "\" is not a packaged component (known: "
                        + String.join(", ", new java.util.TreeSet<>(PACKAGED)) + ")");
            }
            disabled.add(name);
        }
        if (disableHelmController) {
            disabled.add("helm-controller");
        }
        for (String san : tlsSans) {
            if (san.isBlank() || san.contains(" ")) {
                throw new IllegalArgumentException("--tls-san \"" + san + "\" is not a hostname or IP address");
            }
        }
        Optional<String> tokenValue = Optional.ofNullable(token).filter(s -> !s.isBlank());
        if (tokenFile != null) {
            if (tokenValue.isPresent()) {
                throw new IllegalArgumentException("--token and --token-file are mutually exclusive");
            }
            if (!Files.isReadable(tokenFile)) {
                throw new IllegalArgumentException("--token-file " + tokenFile + " cannot be read");
            }
            tokenValue = Optional.of(Files.readString(tokenFile).trim()).filter(s -> !s.isEmpty());
        }
        ComponentArgs cmArgs = ComponentArgs.parse(Component.KUBE_CONTROLLER_MANAGER, controllerManagerArgs);
        PodNetwork.of(clusterNet, cmArgs); // node subnet sizes: refused here rather than when node IPAM starts
        return new ServerConfig(
                dataDir.toAbsolutePath().normalize(),
                writeKubeconfig.toAbsolutePath().normalize(),
                mode,
                bindAddress,
                httpsPort,
                Optional.ofNullable(advertiseAddress).map(a -> ip("--advertise-address", a)),
                Optional.ofNullable(nodeIp).map(a -> ip("--node-ip", a)),
                nodeName != null && !nodeName.isBlank() ? validNodeName(nodeName) : Defaults.hostname(),
                tlsSans,
                clusterNet,
                serviceNet,
                nodePorts,
                dns,
                clusterDomain,
                tokenValue,
                Optional.ofNullable(agentToken).filter(s -> !s.isBlank()),
                Optional.ofNullable(datastoreEndpoint).filter(s -> !s.isBlank()),
                snapshotCron,
                snapshotRetention,
                disabled,
                disableAgent,
                secretsEncryption,
                ProviderType.forFlag(secretsEncryptionProvider).configName(),
                apiArgs,
                cmArgs,
                ComponentArgs.parse(Component.KUBE_SCHEDULER, schedulerArgs),
                ComponentArgs.parse(Component.KUBELET, kubeletArgs),
                debug,
                HollowNodes.parse(hollowNodes, hollowNodeCapacity));
    }

    /** The values of a comma-list flag as one comma list (repeated flags and YAML lists alike), or the default. */
    private static String joined(List<String> values, String fallback) {
        return values.isEmpty() ? fallback : String.join(",", values);
    }

    /**
     * --cluster-dns, at most one address per family, each inside the service network of its family; by default the
     * 10th address of every service network, as K3s derives it (10.43.0.10; both families on a dual-stack cluster).
     */
    private List<InetAddress> clusterDns(CidrList serviceNet) {
        if (clusterDns.isEmpty()) {
            return serviceNet.cidrs().stream().map(c -> c.address(10)).toList();
        }
        String text = String.join(",", clusterDns);
        List<InetAddress> out = new ArrayList<>();
        for (String value : clusterDns) {
            InetAddress dns = ip("--cluster-dns", value.trim());
            String family = dns.getAddress().length == 16 ? "IPv6" : "IPv4";
            if (serviceNet.ofFamily(family).filter(c -> c.contains(dns)).isEmpty()) {
                throw new IllegalArgumentException("--cluster-dns " + value.trim() + " is not inside --service-cidr " + serviceNet);
            }
            if (out.stream().anyMatch(o -> o.getAddress().length == dns.getAddress().length)) {
                throw new IllegalArgumentException("--cluster-dns \"" + text + "\": at most one address per IP family");
            }
            out.add(dns);
        }
        return out;
    }

    private static PortRange portRange(String flag, String value) {
        try {
            return PortRange.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }

    static InetAddress ip(String flag, String value) {
        if (value == null || !value.matches("[0-9a-fA-F:.]+") || !(value.contains(".") || value.contains(":"))) {
            throw new IllegalArgumentException(flag + " \"" + value + "\" is not an IP address");
        }
        try {
            return InetAddress.getByName(value); // a literal, so no DNS lookup
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " \"" + value + "\" is not an IP address");
        }
    }

    static String validNodeName(String name) {
        String n = name.trim();
        if (!n.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*") || n.length() > 253) {
            throw new IllegalArgumentException("--node-name \"" + name + "\" is not a valid node name (lower-case RFC 1123 subdomain)");
        }
        return n;
    }
}
