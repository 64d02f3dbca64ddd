package io.k3j.agent.hollow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;
import io.k3j.config.NodeTaint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One simulated node, as a kubelet presents itself to the control plane: it registers its Node (labels, capacity,
 * addresses, node info, conditions), renews its Lease in kube-node-lease every 10 s and posts node status every
 * minute, exactly the signals the node lifecycle controller and the scheduler read. Pods are handled by
 * {@link HollowPods}.
 */
final class HollowNode {

    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    static final GroupVersionResource LEASES = new GroupVersionResource("coordination.k8s.io", "v1", "leases");
    private static final ObjectMapper M = new ObjectMapper();
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    static final String MANAGER = "k3j-hollow-kubelet";
    private static final long LEASE_RENEW_MS = 10_000;
    private static final long STATUS_MS = 60_000;

    private final Vertx vertx;
    private final KubeClient client;
    private final String name;
    private final String ip;
    private final Map<String, String> capacity;
    private final Map<String, String> labels;
    private final List<NodeTaint> taints;
    /** spec.podCIDRs once node IPAM assigned them (pod IPs come from them, one per family), else empty. */
    private volatile List<String> podCidrs = List.of();
    private ObjectNode lease;
    private long leaseTimer = -1;
    private long statusTimer = -1;
    private volatile boolean stopped;
    private volatile boolean heartbeating = true;

    HollowNode(Vertx vertx, KubeClient client, String name, String ip, Map<String, String> capacity) {
        this(vertx, client, name, ip, capacity, Map.of(), List.of());
    }

    /**
     * @param labels labels beyond the kubelet's own, and taints: set when the Node is created only (kubelet's
     *               --node-labels and --register-with-taints; an existing Node keeps what it has)
     */
    HollowNode(Vertx vertx, KubeClient client, String name, String ip, Map<String, String> capacity,
               Map<String, String> labels, List<NodeTaint> taints) {
        this.vertx = vertx;
        this.client = client;
        this.name = name;
        this.ip = ip;
        this.capacity = capacity;
        this.labels = Map.copyOf(labels);
        this.taints = List.copyOf(taints);
    }

    String name() {
        return name;
    }

    /** The client that speaks as this node (system:node:<name>): its pods' status and deletions go through it. */
    KubeClient client() {
        return client;
    }

    String ip() {
        return ip;
    }

    List<String> podCidrs() {
        return podCidrs;
    }

    /** What the Node object says now (the node watch calls this): spec.podCIDRs (or podCIDR) for pod IPs. */
    void observed(ObjectNode node) {
        List<String> cidrs = new java.util.ArrayList<>();
        node.path("spec").path("podCIDRs").forEach(c -> cidrs.add(c.asText()));
        String single = node.path("spec").path("podCIDR").asText("");
        if (cidrs.isEmpty() && !single.isEmpty()) {
            cidrs.add(single);
        }
        podCidrs = List.copyOf(cidrs);
    }

    /** Registers the node (or takes over its existing object) and starts heartbeats. */
    Future<Void> start() {
        io.vertx.core.Promise<Void> registered = io.vertx.core.Promise.promise();
        attemptStart(registered, FIRST_RETRY_MS);
        return registered.future();
    }

    /**
     * As a kubelet, a node that cannot register (the server is busy starting, a connection timed out) keeps trying
     * with back-off instead of staying unregistered for good. The future completes at the first success.
     */
    private void attemptStart(io.vertx.core.Promise<Void> registered, long retryMs) {
        if (stopped) {
            registered.tryFail("stopped");
            return;
        }
        register().compose(v -> postStatus()).onSuccess(v -> {
            renewLease();
            statusTimer = vertx.setPeriodic(STATUS_MS, t -> postStatus());
            registered.tryComplete();
        }).onFailure(e -> {
            if (!retryable(e)) {
                registered.tryFail(e); // refused (403, 422): asking again will not change the answer
                return;
            }
            leaseTimer = vertx.setTimer(retryMs, t -> attemptStart(registered, Math.min(retryMs * 2, MAX_RETRY_MS)));
        });
    }

    /** No answer (code 0: connect or TLS timeout), throttled, or a server-side failure: worth another try. */
    private static boolean retryable(Throwable e) {
        if (!(e instanceof KubeApiException k)) {
            return true;
        }
        return k.code() == 0 || k.code() == 429 || k.code() >= 500 || k.conflict();
    }

    private static final long FIRST_RETRY_MS = 1_000;
    private static final long MAX_RETRY_MS = 30_000;

    /** Stops heartbeats (the node object stays, as when a kubelet dies): for tests of node failure too. */
    void stop() {
        stopped = true;
        vertx.cancelTimer(leaseTimer);
        vertx.cancelTimer(statusTimer);
    }

    /** Pauses or resumes the heartbeats without stopping pod handling (simulates a partitioned node). */
    void heartbeat(boolean on) {
        boolean resumed = on && !heartbeating;
        heartbeating = on;
        if (resumed) {
            postStatus(); // report at once, as a kubelet does when it reconnects
        }
    }

    private Future<Void> register() {
        ObjectNode node = M.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
        ObjectNode meta = node.putObject("metadata").put("name", name);
        ObjectNode labels = meta.putObject("labels");
        labels.put("kubernetes.io/hostname", name).put("kubernetes.io/os", "linux").put("kubernetes.io/arch", "amd64")
                .put("beta.kubernetes.io/os", "linux").put("beta.kubernetes.io/arch", "amd64")
                .put("node.kubernetes.io/instance-type", "hollow");
        this.labels.forEach(labels::put);
        meta.putObject("annotations").put("node.alpha.kubernetes.io/ttl", "0");
        ObjectNode spec = node.putObject("spec");
        if (!taints.isEmpty()) {
            ArrayNode list = spec.putArray("taints");
            for (NodeTaint t : taints) {
                ObjectNode taint = list.addObject().put("key", t.key()).put("effect", t.effect());
                if (!t.value().isEmpty()) {
                    taint.put("value", t.value());
                }
            }
        }
        return client.create(NODES, "", node, WriteOptions.manager(MANAGER)).<Void>mapEmpty().recover(e ->
                e instanceof KubeApiException k && k.alreadyExists() ? Future.succeededFuture() : Future.failedFuture(e));
    }

    private Future<Void> postStatus() {
        if (stopped || !heartbeating) {
            return Future.succeededFuture();
        }
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode status = M.createObjectNode();
        ObjectNode cap = status.putObject("capacity");
        capacity.forEach(cap::put);
        ObjectNode alloc = status.putObject("allocatable");
        capacity.forEach(alloc::put);
        ArrayNode conds = status.putArray("conditions");
        condition(conds, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now);
        condition(conds, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now);
        condition(conds, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now);
        condition(conds, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now);
        ArrayNode addrs = status.putArray("addresses");
        addrs.addObject().put("type", "InternalIP").put("address", ip);
        addrs.addObject().put("type", "Hostname").put("address", name);
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
        String id = UUID.nameUUIDFromBytes(name.getBytes()).toString();
        status.putObject("nodeInfo").put("machineID", id.replace("-", "")).put("systemUUID", id).put("bootID", id)
                .put("kernelVersion", System.getProperty("os.version")).put("osImage", "k3j hollow node")
                .put("containerRuntimeVersion", "hollow://1.0.0").put("kubeletVersion", "v1.33.0+k3j")
                .put("kubeProxyVersion", "v1.33.0+k3j").put("operatingSystem", "linux").put("architecture", "amd64");
        ObjectNode patch = M.createObjectNode();
        patch.set("status", status);
        return client.patch(NODES, "", name, PatchType.MERGE, patch.toString(), "status", WriteOptions.manager(MANAGER))
                .<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }

    private static void condition(ArrayNode conds, String type, String status, String reason, String message, String now) {
        conds.addObject().put("type", type).put("status", status).put("reason", reason).put("message", message)
                .put("lastHeartbeatTime", now).put("lastTransitionTime", now);
    }

    private void renewLease() {
        if (stopped) {
            return;
        }
        Future<Void> done = heartbeating ? writeLease() : Future.succeededFuture();
        done.onComplete(ar -> {
            if (!stopped) {
                leaseTimer = vertx.setTimer(LEASE_RENEW_MS, t -> renewLease());
            }
        });
    }

    private Future<Void> writeLease() {
        String now = MICRO.format(Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (lease == null) {
            return client.get(LEASES, "kube-node-lease", name).compose(l -> {
                lease = l;
                return writeLease();
            }, e -> {
                if (!(e instanceof KubeApiException k && k.notFound())) {
                    return Future.failedFuture(e);
                }
                ObjectNode l = M.createObjectNode().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
                l.putObject("metadata").put("name", name).put("namespace", "kube-node-lease");
                l.putObject("spec").put("holderIdentity", name).put("leaseDurationSeconds", 40).put("renewTime", now);
                return client.create(LEASES, "kube-node-lease", l, WriteOptions.manager(MANAGER)).map(c -> {
                    lease = c;
                    return (Void) null;
                });
            }).recover(e -> Future.succeededFuture());
        }
        ObjectNode next = lease.deepCopy();
        ((ObjectNode) next.path("spec")).put("holderIdentity", name).put("leaseDurationSeconds", 40).put("renewTime", now);
        return client.update(LEASES, "kube-node-lease", next, WriteOptions.manager(MANAGER)).<Void>map(u -> {
            lease = u;
            return null;
        }).recover(e -> {
            lease = null; // re-read next time (conflict or deleted)
            return Future.succeededFuture();
        });
    }
}
