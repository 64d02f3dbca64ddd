package io.k3j.controller.ipam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.PatchType;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.EventRecorder;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.k3j.controller.support.Resources.NODES;

/**
 * Upstream's node-ipam controller with the range allocator: every Node gets spec.podCIDRs, one subnet of each
 * --cluster-cidr network in its order (of the node mask size: /24 for IPv4, /64 for IPv6 by default), and
 * spec.podCIDR, the first. A Node gets all of them or none: when one family's network is full, what the others gave
 * goes back. The allocations are the Nodes' own fields, so a restart rebuilds them from the node list before handing
 * out anything (podCIDRs[i] belongs to the i-th network); a deleted Node's subnets are released.
 */
public final class NodeIpamController implements Controller {

    public static final String NAME = "node-ipam";
    private static final Logger LOG = Logger.getLogger(NodeIpamController.class.getName());
    private static final WriteOptions WRITE = WriteOptions.manager("node-ipam-controller");

    private KubeClient client;
    private EventRecorder recorder;
    private PodCidrSets cidrSets;
    private Informer nodes;
    private WorkQueue queue;
    private boolean recovered;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        client = ctx.client();
        recorder = ctx.recorder("cidrAllocator");
        cidrSets = new PodCidrSets(ctx.settings().podNetworks());
        nodes = ctx.informers().of(NODES);
        // One at a time: allocations are cheap, and serial writes keep the in-memory set simple to reason about.
        queue = new WorkQueue(ctx.vertx(), NAME, 1, this::sync);
        nodes.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode node) {
                queue.add(Meta.name(node));
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode node) {
                if (cidrs(node).isEmpty()) {
                    queue.add(Meta.name(node));
                }
            }

            @Override
            public void onDelete(ObjectNode node) {
                if (recovered && !cidrs(node).isEmpty()) {
                    cidrSets.release(cidrs(node));
                    // Nodes that found the network full can have the subnet now, without waiting out their back-off.
                    nodes.list().stream().filter(n -> cidrs(n).isEmpty()).forEach(n -> queue.add(Meta.name(n)));
                }
            }
        });
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private Future<?> sync(String name) {
        return nodes.synced().compose(v -> {
            if (!recovered) {
                nodes.list().forEach(n -> cidrSets.occupy(cidrs(n)));
                recovered = true;
            }
            ObjectNode node = nodes.get("", name);
            if (node == null || Meta.deleting(node)) {
                return Future.succeededFuture();
            }
            List<String> have = cidrs(node);
            if (!have.isEmpty()) {
                cidrSets.occupy(have);
                return Future.succeededFuture();
            }
            Optional<List<String>> cidrs = cidrSets.allocate();
            if (cidrs.isEmpty()) {
                recorder.normal(node, "CIDRNotAvailable", "Node " + name + " status is now: CIDRNotAvailable");
                return Future.failedFuture(new IllegalStateException("no remaining CIDRs for node " + name));
            }
            return assign(node, cidrs.get());
        });
    }

    private Future<?> assign(ObjectNode node, List<String> cidrs) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode spec = patch.putObject("spec").put("podCIDR", cidrs.getFirst());
        cidrs.forEach(spec.putArray("podCIDRs")::add);
        patch.putObject("metadata").put("resourceVersion", Meta.resourceVersion(node));
        return client.patch(NODES, "", Meta.name(node), PatchType.MERGE, patch.toString(), "", WRITE)
                .onSuccess(n -> LOG.log(Level.FINE, "assigned pod CIDRs", new Object[]{"node", Meta.name(node), "cidrs", cidrs}))
                .recover(e -> {
                    cidrSets.release(cidrs);
                    if (e instanceof KubeApiException k && k.notFound()) {
                        return Future.succeededFuture();
                    }
                    if (!(e instanceof KubeApiException k && k.conflict())) {
                        recorder.normal(node, "CIDRAssignmentFailed", "Node " + Meta.name(node)
                                + " status is now: CIDRAssignmentFailed");
                    }
                    return Future.failedFuture(e); // retried; a conflict re-reads the node from the cache
                });
    }

    static List<String> cidrs(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.path("spec").path("podCIDRs").forEach(c -> out.add(c.asText()));
        String single = node.path("spec").path("podCIDR").asText("");
        if (out.isEmpty() && !single.isEmpty()) {
            out.add(single);
        }
        return out;
    }
}
