package io.k3j.agent.hollow;

import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeClientConfig;
import io.k3j.config.NodeTaint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;
import java.util.Map;

/**
 * {@code k3j agent --hollow}: one simulated node in its own process, talking to a remote server with the node's
 * own credentials (the kubelet client certificate the agent obtained when it joined), exactly as a kubelet would:
 * it watches only its own Node and the pods bound to it. Start-up completes once the Node is registered, so a
 * refused registration (e.g. a label NodeRestriction forbids) fails the agent's start.
 *
 * @param ip the node's InternalIP
 */
public final class HollowAgentVerticle extends VerticleBase {

    private final KubeClientConfig clientConfig;
    private final String name;
    private final String ip;
    private final Map<String, String> capacity;
    private final Map<String, String> labels;
    private final List<NodeTaint> taints;
    private HttpKubeClient client;
    private HollowKubelets kubelets;

    public HollowAgentVerticle(KubeClientConfig clientConfig, String name, String ip, Map<String, String> capacity,
                               Map<String, String> labels, List<NodeTaint> taints) {
        this.clientConfig = clientConfig;
        this.name = name;
        this.ip = ip;
        this.capacity = Map.copyOf(capacity);
        this.labels = Map.copyOf(labels);
        this.taints = List.copyOf(taints);
    }

    @Override
    public Future<?> start() {
        client = new HttpKubeClient(vertx, clientConfig);
        HollowNode node = new HollowNode(vertx, client, name, ip, capacity, labels, taints);
        kubelets = new HollowKubelets(vertx, client, Map.of(name, node), Map.of(name, 0),
                HollowKubelets.nodeScope(name), HollowKubelets.podScope(name));
        return kubelets.start();
    }

    @Override
    public Future<?> stop() {
        if (kubelets != null) {
            kubelets.stop();
        }
        if (client != null) {
            client.close();
        }
        return Future.succeededFuture();
    }
}
