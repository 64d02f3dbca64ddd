package io.k3j.agent.hollow;

import io.k3j.client.KubeClient;
import io.k3j.client.KubeClientFactory;
import io.k3j.client.ListOptions;
import io.k3j.config.HollowNodes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code --hollow-nodes N}: N simulated nodes in the server process, {@code hollow-0} … {@code hollow-N-1}. Each
 * writes with its own node identity ({@code system:node:hollow-i}), so the Node authorizer and NodeRestriction
 * confine it like a real kubelet; they share one pod informer and one node informer (read as the first node: the
 * system:node rules let a node list and watch every pod and node), so a hundred of them cost little more than one.
 */
public final class HollowNodesVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(HollowNodesVerticle.class.getName());

    private final Map<String, KubeClientFactory> clientFactories;
    private final HollowNodes spec;
    private final List<KubeClient> clients = new ArrayList<>();
    private HollowKubelets kubelets;

    /** @param clientConfigs each node's client (its own client certificate), by node name, for every node of spec */
    public HollowNodesVerticle(Map<String, KubeClientFactory> clientFactories, HollowNodes spec) {
        this.clientFactories = Map.copyOf(clientFactories);
        this.spec = spec;
    }

    @Override
    public Future<?> start() {
        Map<String, HollowNode> nodes = new LinkedHashMap<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < spec.count(); i++) {
            String name = HollowNodes.nodeName(i);
            KubeClient client = clientFactories.get(name).create(vertx);
            clients.add(client);
            // Node addresses from 10.99.0.0/16, apart from pod and service networks.
            String ip = "10.99." + (i / 250) + "." + (1 + i % 250);
            nodes.put(name, new HollowNode(vertx, client, name, ip, spec.capacity()));
            index.put(name, i);
        }
        kubelets = new HollowKubelets(vertx, clients.getFirst(), nodes, index, ListOptions.NONE, ListOptions.NONE);
        long t0 = System.nanoTime();
        // Registration finishes in the background: the server is ready without waiting for simulated nodes.
        kubelets.start().onComplete(ar -> LOG.log(ar.succeeded() ? Level.INFO : Level.WARNING,
                ar.succeeded() ? "hollow nodes registered" : "hollow nodes failed to register",
                new Object[]{"count", nodes.size(), "ms", (System.nanoTime() - t0) / 1_000_000,
                        "error", ar.failed() ? String.valueOf(ar.cause().getMessage()) : ""}));
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (kubelets != null) {
            kubelets.stop();
        }
        clients.forEach(KubeClient::close);
        return Future.succeededFuture();
    }
}
