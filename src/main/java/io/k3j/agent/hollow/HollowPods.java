package io.k3j.agent.hollow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchType;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pod side of every hollow node in the process: one pod informer (indexed by node) and one work queue serve all
 * of them. A pod bound to one of our nodes is reported Running and Ready (or as its annotations ask, see
 * {@link HollowPodStatus}); a pod being deleted is finished at once, as a kubelet does after its containers stop.
 */
final class HollowPods {

    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final ObjectMapper M = new ObjectMapper();

    /** Reads every pod (the informer); writes go through each pod's node's own client. */
    private final KubeClient reader;
    private final Map<String, HollowNode> nodes;
    private final Map<String, Integer> nextIp = new ConcurrentHashMap<>();
    private final Map<String, Integer> nodeIndex;
    /** Which pods the informer reads: all (many nodes share it) or one node's (spec.nodeName=...). */
    private final ListOptions scope;
    private Informer pods;
    private WorkQueue queue;

    HollowPods(KubeClient reader, Map<String, HollowNode> nodes, Map<String, Integer> nodeIndex, ListOptions scope) {
        this.reader = reader;
        this.nodes = nodes;
        this.nodeIndex = nodeIndex;
        this.scope = scope;
    }

    Future<Void> start(io.vertx.core.Vertx vertx) {
        pods = new Informer(vertx, reader, PODS, "", scope, 0);
        queue = new WorkQueue(vertx, "hollow-pods", 16, this::reconcile);
        pods.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                enqueue(newObj);
            }
        });
        return pods.start();
    }

    void stop() {
        if (queue != null) {
            queue.stop();
        }
        if (pods != null) {
            pods.stop();
        }
    }

    private void enqueue(ObjectNode pod) {
        if (nodes.containsKey(pod.path("spec").path("nodeName").asText(""))) {
            queue.add(Informer.keyOf(pod));
        }
    }

    private Future<?> reconcile(String key) {
        ObjectNode pod = pods.get(key);
        if (pod == null) {
            return Future.succeededFuture();
        }
        HollowNode node = nodes.get(pod.path("spec").path("nodeName").asText(""));
        if (node == null) {
            return Future.succeededFuture();
        }
        var meta = pod.path("metadata");
        String ns = meta.path("namespace").asText();
        String name = meta.path("name").asText();
        if (meta.has("deletionTimestamp")) {
            // Containers "stop" at once: finish the graceful deletion the API server started.
            return node.client().delete(PODS, ns, name, DeleteOptions.DEFAULT.withGracePeriod(0)
                    .withPreconditions(meta.path("uid").asText(), "")).mapEmpty().recover(HollowPods::notFoundOk);
        }
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return Future.succeededFuture();
        }
        String hostIp = node.ip();
        List<String> podIps = new java.util.ArrayList<>();
        pod.path("status").path("podIPs").forEach(ip -> podIps.add(ip.path("ip").asText("")));
        String start = pod.path("status").path("startTime").asText("");
        if (podIps.isEmpty()) {
            podIps.addAll(allocateIps(node));
        }
        if (start.isEmpty()) {
            start = HollowPodStatus.now();
        }
        String wanted = HollowPodStatus.wantedPhase(pod);
        ObjectNode status;
        if (!wanted.isEmpty()) {
            long runFor = HollowPodStatus.runSeconds(pod);
            long ranFor = Instant.now().getEpochSecond() - Instant.parse(start).getEpochSecond();
            if (ranFor < runFor) {
                queue.addAfter(key, (runFor - ranFor) * 1000);
                if (phase.equals("Running")) {
                    return Future.succeededFuture();
                }
                status = HollowPodStatus.running(pod, hostIp, podIps, start);
            } else {
                status = HollowPodStatus.terminated(pod, hostIp, podIps, start, wanted);
            }
        } else if (phase.equals("Running") && readyAsWanted(pod)) {
            return Future.succeededFuture();
        } else {
            status = HollowPodStatus.running(pod, hostIp, podIps, start);
        }
        ObjectNode patch = M.createObjectNode();
        patch.set("status", status);
        return node.client().patch(PODS, ns, name, PatchType.MERGE, patch.toString(), "status",
                WriteOptions.manager(HollowNode.MANAGER)).mapEmpty().recover(HollowPods::notFoundOk);
    }

    /** Whether the reported readiness still matches the pod's annotation (tests flip it). */
    private static boolean readyAsWanted(ObjectNode pod) {
        boolean want = !"false".equals(pod.path("metadata").path("annotations").path(HollowPodStatus.READY).asText(""));
        for (var c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("status").asText().equals(want ? "True" : "False");
            }
        }
        return false;
    }

    private static Future<Object> notFoundOk(Throwable e) {
        return e instanceof KubeApiException k && (k.notFound() || k.conflict() && k.reason().equals("Conflict")
                && k.getMessage().contains("Precondition")) ? Future.succeededFuture() : Future.failedFuture(e);
    }

    /**
     * A pod's IPs, one per family from the node's podCIDRs once node IPAM assigned them (status.podIPs in their
     * order, as a kubelet reports what the CNI gave on a dual-stack node), else one from 10.42.&lt;node index&gt;.x;
     * they do not repeat on a node until 250 pods later.
     */
    private List<String> allocateIps(HollowNode node) {
        int n = nextIp.merge(node.name(), 1, Integer::sum);
        List<String> out = new java.util.ArrayList<>();
        for (String cidr : node.podCidrs()) {
            try {
                out.add(io.k3j.config.Cidr.format(io.k3j.config.Cidr.parse(cidr).address(2 + (n % 250))));
            } catch (IllegalArgumentException smallerThanWeThought) {
                out.clear(); // a podCIDR smaller than /24: fall back to the index scheme
                break;
            }
        }
        if (out.isEmpty()) {
            int idx = nodeIndex.getOrDefault(node.name(), 0);
            out.add("10." + (42 + idx / 256) + "." + (idx % 256) + "." + (2 + (n % 250)));
        }
        return out;
    }

    List<ObjectNode> podsOn(String node) {
        return pods.list().stream().filter(p -> node.equals(p.path("spec").path("nodeName").asText())).toList();
    }
}
