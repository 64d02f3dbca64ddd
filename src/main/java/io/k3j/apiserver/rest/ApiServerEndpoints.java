package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.store.GetResult;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the {@code default/kubernetes} Endpoints and EndpointSlice listing every live API server, as
 * kube-apiserver's lease endpoint reconciler: each server keeps a key {@code /masterleases/<ip>:<port>} alive (15 s
 * lease, renewed every 10 s) and writes the set of leased addresses into the Endpoints, so a server that stops or
 * dies drops out within the lease. Servers normally share one port; when they do not, the Endpoints carry one
 * subset per port and the EndpointSlice the servers on the lowest port. Writes are compare-and-swap; a lost race
 * is settled by the next pass.
 */
public final class ApiServerEndpoints {

    static final String LEASES = "/masterleases/";
    static final Duration TTL = Duration.ofSeconds(15);
    static final long INTERVAL_MS = 10_000;
    private static final Logger LOG = Logger.getLogger(ApiServerEndpoints.class.getName());

    private final Vertx vertx;
    private final Store store;
    private final ResourceCatalog catalog;
    private final Bootstrap.Settings self;
    private final String leaseKey;
    private final String family;
    private final io.k3j.apiserver.defaults.Defaulting defaulting;
    private long timer = -1;
    private boolean stopped;

    public ApiServerEndpoints(Vertx vertx, Store store, ResourceCatalog catalog, Bootstrap.Settings self) {
        this.defaulting = new io.k3j.apiserver.defaults.Defaulting();
        this.vertx = vertx;
        this.store = store;
        this.catalog = catalog;
        this.self = self;
        this.leaseKey = LEASES + self.endpointIp() + ":" + self.port();
        // the slice lists the servers' addresses, so its type is theirs (as upstream's endpoint reconciler), which on
        // a dual-stack or IPv6-primary cluster need not be the service network's
        this.family = self.endpointIp().contains(":") ? "IPv6" : "IPv4";
    }

    /** The first pass (the Endpoints exist once the server is ready), then one every 10 s. */
    public Future<Void> start() {
        return reconcile(true).onComplete(ar -> schedule());
    }

    /** Withdraws this server at once, so clients stop being sent to it before its lease would expire. */
    public Future<Void> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return store.delete(leaseKey, 0).recover(e -> Future.succeededFuture())
                .compose(v -> reconcile(false)).recover(e -> Future.succeededFuture());
    }

    private void schedule() {
        if (!stopped) {
            timer = vertx.setTimer(INTERVAL_MS, t -> reconcile(true)
                    .onFailure(e -> LOG.log(Level.FINE, "kubernetes endpoints not reconciled",
                            new Object[]{"error", e.getMessage()}))
                    .onComplete(ar -> schedule()));
        }
    }

    private Future<Void> reconcile(boolean renew) {
        Future<?> leased = renew ? renewLease() : Future.succeededFuture();
        return leased.compose(v -> store.range(LEASES, null, 0, 0)).compose(r -> {
            // port -> addresses, both sorted, so every server computes the same objects and writes settle.
            Map<Integer, TreeSet<String>> byPort = new TreeMap<>();
            for (KeyValue kv : r.kvs()) {
                JsonNode lease = Json.parseObject(kv.value());
                byPort.computeIfAbsent(lease.path("port").asInt(), p -> new TreeSet<>()).add(lease.path("ip").asText());
            }
            return Future.all(writeEndpoints(byPort), writeSlice(byPort)).mapEmpty();
        });
    }

    private Future<?> renewLease() {
        byte[] value = ("{\"ip\":\"" + self.endpointIp() + "\",\"port\":" + self.port() + "}")
                .getBytes(StandardCharsets.UTF_8);
        return store.get(leaseKey).compose(g -> g.kv() == null ? store.create(leaseKey, value, TTL)
                : store.update(leaseKey, value, g.kv().modRevision(), TTL));
    }

    private Future<?> writeEndpoints(Map<Integer, TreeSet<String>> byPort) {
        ArrayNode subsets = Json.MAPPER.createArrayNode();
        byPort.forEach((port, ips) -> {
            ObjectNode subset = subsets.addObject();
            ArrayNode addresses = subset.putArray("addresses");
            ips.forEach(ip -> addresses.addObject().put("ip", ip));
            subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        });
        ObjectNode desired = Json.parseObject("""
                {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"kubernetes","namespace":"default",
                 "labels":{"endpointslice.kubernetes.io/skip-mirror":"true"}}}""".getBytes(StandardCharsets.UTF_8));
        if (!subsets.isEmpty()) {
            desired.set("subsets", subsets);
        }
        return put(descriptor("", "endpoints"), desired, List.of("subsets"));
    }

    private Future<?> writeSlice(Map<Integer, TreeSet<String>> byPort) {
        ObjectNode desired = Json.parseObject("""
                {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"kubernetes",
                 "namespace":"default","labels":{"kubernetes.io/service-name":"kubernetes"}}}"""
                .getBytes(StandardCharsets.UTF_8));
        desired.put("addressType", family);
        ArrayNode endpoints = desired.putArray("endpoints");
        ArrayNode ports = desired.putArray("ports");
        if (!byPort.isEmpty()) {
            Map.Entry<Integer, TreeSet<String>> first = byPort.entrySet().iterator().next();
            first.getValue().forEach(ip -> {
                ObjectNode e = endpoints.addObject();
                e.putArray("addresses").add(ip);
                e.putObject("conditions").put("ready", true);
            });
            ports.addObject().put("name", "https").put("port", first.getKey()).put("protocol", "TCP");
        }
        return put(descriptor("discovery.k8s.io", "endpointslices"), desired, List.of("endpoints", "ports"));
    }

    /** Creates the object, or sets {@code fields} on the stored one when they differ (keeping its metadata). */
    private Future<?> put(ResourceDescriptor d, ObjectNode desired, List<String> fields) {
        String key = StorageKeys.key(d, "default", "kubernetes");
        defaulting.apply(d, desired); // compared with the stored object, which got the defaults when it was written
        return store.get(key).compose((GetResult g) -> {
            if (g.kv() == null) {
                ObjectMetaRules.forCreate(d, desired, "default");
                return store.create(key, Json.bytes(desired));
            }
            ObjectNode stored = Json.parseObject(g.kv().value());
            boolean same = true;
            for (String f : fields) {
                same &= java.util.Objects.equals(stored.get(f), desired.get(f));
            }
            if (same) {
                return Future.succeededFuture();
            }
            for (String f : fields) {
                if (desired.has(f)) {
                    stored.set(f, desired.get(f));
                } else {
                    stored.remove(f);
                }
            }
            return store.update(key, Json.bytes(stored), g.kv().modRevision());
        }).recover(e -> e instanceof StoreException.Conflict || e instanceof StoreException.KeyExists
                ? Future.succeededFuture() : Future.failedFuture(e));
    }

    private ResourceDescriptor descriptor(String group, String resource) {
        return catalog.find(group, "v1", resource).orElseThrow();
    }
}
