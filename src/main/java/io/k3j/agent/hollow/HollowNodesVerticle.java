package io.k3j.agent.hollow;

import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeClientConfig;
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
 * {@code --hollow-nodes N}: N simulated nodes in the server process, {@code hollow-0} … {@code hollow-N-1}. They
 * share one client and one pod informer, so a hundred of them cost little more than one.
 */
public final class HollowNodesVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(HollowNodesVerticle.class.getName());

    private final KubeClientConfig clientConfig;
    private final HollowNodes spec;
    private HttpKubeClient client;
    private final Map<String, HollowNode> nodes = new LinkedHashMap<>();
    private HollowPods pods;

    public HollowNodesVerticle(KubeClientConfig clientConfig, HollowNodes spec) {
        this.clientConfig = clientConfig;
        this.spec = spec;
    }

    @Override
    public Future<?> start() {
        client = new HttpKubeClient(vertx, clientConfig);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < spec.count(); i++) {
            String name = "hollow-" + i;
            // Node addresses from 10.99.0.0/16, apart from pod and service networks.
            String ip = "10.99." + (i / 250) + "." + (1 + i % 250);
            nodes.put(name, new HollowNode(vertx, client, name, ip, spec.capacity()));
            index.put(name, i);
        }
        pods = new HollowPods(client, nodes, index);
        List<Future<Void>> started = new ArrayList<>();
        nodes.values().forEach(n -> started.add(n.start()));
        started.add(pods.start(vertx));
        long t0 = System.nanoTime();
        // Registration finishes in the background: the server is ready without waiting for simulated nodes.
        Future.all(started).onComplete(ar -> LOG.log(ar.succeeded() ? Level.INFO : Level.WARNING,
                ar.succeeded() ? "hollow nodes registered" : "hollow nodes failed to register",
                new Object[]{"count", nodes.size(), "ms", (System.nanoTime() - t0) / 1_000_000,
                        "error", ar.failed() ? String.valueOf(ar.cause().getMessage()) : ""}));
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        nodes.values().forEach(HollowNode::stop);
        if (pods != null) {
            pods.stop();
        }
        if (client != null) {
            client.close();
        }
        return Future.succeededFuture();
    }
}
