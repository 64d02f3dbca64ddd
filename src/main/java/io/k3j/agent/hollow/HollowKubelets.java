package io.k3j.agent.hollow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.Informer;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one or many hollow nodes in a process share, whether they are the server's {@code --hollow-nodes} or one
 * {@code k3j agent --hollow}: one node informer (the {@code k3j.io/hollow-heartbeat} switch tests use to simulate a
 * silent node, and each node's podCIDR) and one pod side ({@link HollowPods}), both reading through {@code reader}.
 * The scopes say what the informers list: everything when many nodes share them, one node's objects for an agent.
 */
final class HollowKubelets {

    static final String HEARTBEAT = "k3j.io/hollow-heartbeat";

    private final Vertx vertx;
    private final Map<String, HollowNode> nodes;
    private final HollowPods pods;
    private final Informer nodeWatch;

    HollowKubelets(Vertx vertx, KubeClient reader, Map<String, HollowNode> nodes, Map<String, Integer> index,
                   ListOptions nodeScope, ListOptions podScope) {
        this.vertx = vertx;
        this.nodes = nodes;
        this.pods = new HollowPods(reader, nodes, index, podScope);
        this.nodeWatch = new Informer(vertx, reader, HollowNode.NODES, "", nodeScope, 0);
        nodeWatch.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                apply(obj);
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                apply(n);
            }
        });
    }

    /** The scopes of one node's informers: its own Node, the pods bound to it (as a kubelet watches them). */
    static ListOptions nodeScope(String node) {
        return ListOptions.NONE.withFieldSelector("metadata.name=" + node);
    }

    static ListOptions podScope(String node) {
        return ListOptions.NONE.withFieldSelector("spec.nodeName=" + node);
    }

    private void apply(ObjectNode obj) {
        HollowNode n = nodes.get(obj.path("metadata").path("name").asText());
        if (n != null) {
            n.observed(obj);
            n.heartbeat(!"false".equals(obj.path("metadata").path("annotations").path(HEARTBEAT).asText("")));
        }
    }

    /** Registers every node and starts heartbeats and pod handling; completes when all nodes registered. */
    Future<Void> start() {
        nodeWatch.start();
        List<Future<Void>> started = new ArrayList<>();
        nodes.values().forEach(n -> started.add(n.start()));
        started.add(pods.start(vertx));
        return Future.all(started).mapEmpty();
    }

    void stop() {
        nodes.values().forEach(HollowNode::stop);
        pods.stop();
        nodeWatch.stop();
    }
}
