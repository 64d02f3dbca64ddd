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
 * Upstream's node-ipam controller with the range allocator: every Node gets spec.podCIDR and spec.podCIDRs, a subnet
 * of --cluster-cidr of the node mask size (/24; /64 for IPv6). The allocations are the Nodes' own fields, so a
 * restart rebuilds them from the node list before handing out anything; a deleted Node's subnet is released.
 */
public final class NodeIpamController implements Controller {

    public static final String NAME = "node-ipam";
    private static final Logger LOG = Logger.getLogger(NodeIpamController.class.getName());
    private static final WriteOptions WRITE = WriteOptions.manager("node-ipam-controller");
    /** Upstream's default --node-cidr-mask-size-ipv6. */
    private static final int IPV6_MASK = 64;

    private KubeClient client;
    private EventRecorder recorder;
    private CidrAllocator allocator;
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
        var settings = ctx.settings();
        boolean ipv6 = settings.clusterCidr().network().getAddress().length == 16;
        // The setting is upstream's --node-cidr-mask-size (IPv4); an IPv6 cluster network uses the IPv6 default.
        allocator = new CidrAllocator(settings.clusterCidr(), ipv6 ? IPV6_MASK : settings.nodeCidrMaskSize());
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
                    cidrs(node).forEach(allocator::release);
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
                nodes.list().forEach(n -> cidrs(n).forEach(allocator::occupy));
                recovered = true;
            }
            ObjectNode node = nodes.get("", name);
            if (node == null || Meta.deleting(node)) {
                return Future.succeededFuture();
            }
            List<String> have = cidrs(node);
            if (!have.isEmpty()) {
                have.forEach(allocator::occupy);
                return Future.succeededFuture();
            }
            Optional<String> cidr = allocator.allocate();
            if (cidr.isEmpty()) {
                recorder.normal(node, "CIDRNotAvailable", "Node " + name + " status is now: CIDRNotAvailable");
                return Future.failedFuture(new IllegalStateException("no remaining CIDRs for node " + name));
            }
            return assign(node, cidr.get());
        });
    }

    private Future<?> assign(ObjectNode node, String cidr) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode spec = patch.putObject("spec").put("podCIDR", cidr);
        spec.putArray("podCIDRs").add(cidr);
        patch.putObject("metadata").put("resourceVersion", Meta.resourceVersion(node));
        return client.patch(NODES, "", Meta.name(node), PatchType.MERGE, patch.toString(), "", WRITE)
                .onSuccess(n -> LOG.log(Level.FINE, "assigned pod CIDR", new Object[]{"node", Meta.name(node), "cidr", cidr}))
                .recover(e -> {
                    allocator.release(cidr);
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
