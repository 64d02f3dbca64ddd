package io.k3j.config;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code k3j agent} runs with, validated: the server to join ({@code https://host:port}), the join token (a
 * secret: never printed), this node's name, address, registration labels and taints, and the data dir whose
 * {@code agent/} holds the node's credentials.
 *
 * @param hollow   simulate the node (no containers) instead of running the containerd kubelet
 * @param capacity the hollow node's capacity (quantities as Kubernetes writes them)
 */
public record AgentConfig(URI server, String token, String nodeName, Optional<InetAddress> nodeIp, Path dataDir,
                          Map<String, String> labels, List<NodeTaint> taints, boolean hollow,
                          Map<String, String> capacity, boolean debug) {

    public AgentConfig {
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        capacity = Map.copyOf(capacity);
    }

    /** {@code <data-dir>/agent}, as K3s's agent files. */
    public Path agentDir() {
        return dataDir.resolve("agent");
    }

    @Override
    public String toString() {
        // Never print the token.
        return "AgentConfig[server=" + server + ", node=" + nodeName + ", dataDir=" + dataDir + ", hollow=" + hollow + "]";
    }
}
