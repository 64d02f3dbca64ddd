package io.k3j.cli;

import io.k3j.agent.K3jAgent;
import io.k3j.config.AgentConfig;
import io.k3j.config.HollowNodes;
import io.k3j.config.NodeTaint;
import io.k3j.pki.ClusterToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** `k3j agent`: join a server as a node; flags named and defaulted as K3s's agent's. */
@Command(name = "agent", description = "Run a k3j agent: join a server as a node (today: a hollow node, --hollow).",
        sortOptions = false, usageHelpAutoWidth = true)
public final class AgentCommand implements Callable<Integer> {

    /** Environment variables that stand for flags, as K3S_* do for k3s agent. */
    static final Map<String, String> ENV = Map.of(
            "K3J_URL", "--server",
            "K3J_TOKEN", "--token",
            "K3J_TOKEN_FILE", "--token-file",
            "K3J_NODE_NAME", "--node-name",
            "K3J_DATA_DIR", "--data-dir");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file (default: /etc/rancher/k3j/config.yaml, plus config.yaml.d/*.yaml)")
    Path config;

    @Option(names = {"-s", "--server"}, paramLabel = "URL", description = "Server to join, e.g. https://myserver:6443")
    String server;

    @Option(names = {"-t", "--token"}, paramLabel = "TOKEN", description = "Join token (the server's <data-dir>/server/node-token)")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the join token")
    Path tokenFile;

    @Option(names = "--node-name", paramLabel = "NAME", description = "Node name (default: the hostname)")
    String nodeName;

    @Option(names = {"-i", "--node-ip"}, paramLabel = "IP",
            description = "IP address of this node (default: the address that routes to the server)")
    String nodeIp;

    @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR",
            description = "Data directory; the agent's files go in <DIR>/agent (default: ${DEFAULT-VALUE})")
    Path dataDir = Defaults.dataDir();

    @Option(names = "--node-label", paramLabel = "KEY=VALUE", split = ",",
            description = "Label the node registers with (repeatable; only when the Node is created)")
    List<String> nodeLabels = new ArrayList<>();

    @Option(names = "--node-taint", paramLabel = "KEY[=VALUE]:EFFECT", split = ",",
            description = "Taint the node registers with (repeatable; only when the Node is created)")
    List<String> nodeTaints = new ArrayList<>();

    @Option(names = "--hollow", arity = "0..1", fallbackValue = "true",
            description = "Run a hollow node: it registers, heartbeats and reports its pods Running without containers")
    boolean hollow;

    @Option(names = "--hollow-node-capacity", description = "Capacity of the hollow node, e.g. cpu=4,memory=8Gi,pods=110")
    String hollowNodeCapacity;

    @Option(names = "--debug", arity = "0..1", fallbackValue = "true", description = "Verbose logging")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help")
    boolean help;

    @Override
    public Integer call() throws Exception {
        return new K3jAgent(toConfig()).run();
    }

    /** Validates every setting; throws IllegalArgumentException naming the first bad one. */
    AgentConfig toConfig() throws IOException {
        if (!hollow) {
            // Say so rather than start something that pretends to be a node.
            throw new IllegalArgumentException("the containerd kubelet is not built yet: only hollow nodes can join "
                    + "for now (add --hollow)");
        }
        URI url = serverUrl();
        String tokenValue = tokenValue();
        Map<String, String> labels = new LinkedHashMap<>();
        for (String l : nodeLabels) {
            String s = l.strip();
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--node-label \"" + l + "\" is not key=value");
            }
            labels.put(s.substring(0, eq), s.substring(eq + 1));
        }
        List<NodeTaint> taints = nodeTaints.stream().map(NodeTaint::parse).toList();
        return new AgentConfig(url, tokenValue,
                nodeName != null && !nodeName.isBlank() ? ServerCommand.validNodeName(nodeName) : Defaults.hostname(),
                Optional.ofNullable(nodeIp).map(a -> ServerCommand.ip("--node-ip", a)),
                dataDir.toAbsolutePath().normalize(), labels, taints, hollow,
                HollowNodes.parse(1, hollowNodeCapacity).capacity(), debug);
    }

    private URI serverUrl() {
        if (server == null || server.isBlank()) {
            throw new IllegalArgumentException("--server is required: the URL of a k3j server, e.g. https://myserver:6443"
                    + " (or K3J_URL)");
        }
        String s = server.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            URI u = new URI(s);
            if (!"https".equals(u.getScheme()) || u.getHost() == null || (u.getPath() != null && !u.getPath().isEmpty())
                    || u.getQuery() != null || u.getUserInfo() != null) {
                throw new URISyntaxException(s, "not https://host[:port]");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--server \"" + server + "\" is not an https://host:port URL "
                    + "(e.g. https://myserver:6443)");
        }
    }

    /** The token from --token or --token-file, checked for form only (messages never echo it). */
    private String tokenValue() throws IOException {
        Optional<String> value = Optional.ofNullable(token).filter(s -> !s.isBlank());
        if (tokenFile != null) {
            if (value.isPresent()) {
                throw new IllegalArgumentException("--token and --token-file are mutually exclusive");
            }
            if (!Files.isReadable(tokenFile)) {
                throw new IllegalArgumentException("--token-file " + tokenFile + " cannot be read");
            }
            value = Optional.of(Files.readString(tokenFile).strip()).filter(s -> !s.isEmpty());
        }
        String t = value.orElseThrow(() -> new IllegalArgumentException("--token or --token-file is required: the "
                + "server's <data-dir>/server/node-token (or K3J_TOKEN)"));
        try {
            ClusterToken.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--token: " + e.getMessage());
        }
        return t;
    }
}
