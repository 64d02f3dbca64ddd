package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.rest.StorageKeys;
import io.k3j.store.KeyValue;
import io.k3j.store.RangeResult;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's repair controllers for cluster IPs and node ports, in one pass over one consistent snapshot (Services,
 * IPAddress objects and node port keys read at the same revision): an address or port a Service holds without its
 * record gets one (a crash between claiming and storing, data from before k3j allocated); a record no Service holds
 * any more is deleted once it is older than the grace period (a write in flight holds records its Service does not
 * show yet). Every step is a create or a compare-and-swap delete, so every server of a cluster may run it at once.
 */
final class AllocationRepair {

    /** Upstream lets an IPAddress without its Service live this long before collecting it. */
    static final Duration GRACE = Duration.ofSeconds(60);
    private static final String SERVICES = StorageKeys.resourcePrefix("", "services");
    private static final Logger LOG = Logger.getLogger(AllocationRepair.class.getName());

    private final Supplier<Store> store;
    private final ClusterIpAllocators ips;
    private final NodePortAllocator ports;
    private final Clock clock;
    /** Conflicts already logged, so a pass every few minutes does not repeat them. */
    private final Set<String> reported = new HashSet<>();

    AllocationRepair(Supplier<Store> store, ClusterIpAllocators ips, NodePortAllocator ports, Clock clock) {
        this.store = store;
        this.ips = ips;
        this.ports = ports;
        this.clock = clock;
    }

    /** What one pass changed. */
    record Result(int ipsCreated, int ipsDeleted, int portsCreated, int portsDeleted) {
    }

    Future<Result> runOnce() {
        Store s = store.get();
        return DefaultServiceCidr.ensure(s, ips.all().stream().map(ClusterIpAllocator::range).toList(), clock.instant())
                .compose(v -> s.range(SERVICES, null, 0, 0))
                .compose(services -> Future.all(s.range(IpAddressObjects.PREFIX, null, 0, services.revision()),
                        s.range(NodePortAllocator.PREFIX, null, 0, services.revision())).compose(records ->
                        repair(parse(services), records.resultAt(0), records.resultAt(1))))
                .onSuccess(r -> {
                    if (!r.equals(new Result(0, 0, 0, 0))) { // one line per pass that changed something
                        LOG.log(Level.INFO, "service allocations repaired", new Object[]{"ipAddressesCreated", r.ipsCreated(),
                                "ipAddressesDeleted", r.ipsDeleted(), "nodePortsCreated", r.portsCreated(),
                                "nodePortsDeleted", r.portsDeleted()});
                    }
                });
    }

    private Future<Result> repair(List<JsonNode> services, RangeResult ipRecords, RangeResult portRecords) {
        Map<String, Set<ServiceRef>> ipHolders = new HashMap<>();
        Map<Integer, Set<ServiceRef>> portHolders = new HashMap<>();
        for (JsonNode svc : services) {
            ServiceRef ref = ServiceRef.of(svc);
            for (String ip : ServiceFields.allocatedIPs(svc)) {
                java.net.InetAddress address = IpText.parse(ip);
                if (address == null) {
                    continue;
                }
                if (ips.containing(address).isEmpty()) {
                    reportOnce("cluster IP out of range " + ref + ip, "the cluster IP is not within the service CIDR; "
                            + "please recreate the service", ref, ip);
                    continue;
                }
                ipHolders.computeIfAbsent(IpText.format(address), k -> new HashSet<>()).add(ref);
            }
            for (int port : ServiceFields.allNodePorts(svc)) {
                if (!ports.range().contains(port)) {
                    reportOnce("node port out of range " + ref + port, "the node port is not within the node port range; "
                            + "please recreate the service", ref, String.valueOf(port));
                    continue;
                }
                portHolders.computeIfAbsent(port, k -> new HashSet<>()).add(ref);
            }
        }
        Map<String, KeyValue> ipKeys = byName(ipRecords, IpAddressObjects.PREFIX);
        Map<String, KeyValue> portKeys = byName(portRecords, NodePortAllocator.PREFIX);
        List<Future<Boolean>> ipCreates = new ArrayList<>();
        ipHolders.forEach((ip, holders) -> {
            KeyValue kv = ipKeys.get(ip);
            ServiceRef first = holders.iterator().next();
            if (kv == null) {
                ClusterIpAllocator range = ips.containing(IpText.parse(ip)).orElseThrow(); // only in-range ones are held
                ipCreates.add(created(range.create(ip, first), "cluster IP allocated for a service that had none recorded",
                        first, ip));
            } else if (!holders.contains(IpAddressObjects.parent(Json.stored(kv.value()))) || holders.size() > 1) {
                reportOnce("cluster IP taken " + ip, "the cluster IP is allocated to another service", first, ip);
            }
        });
        List<Future<Boolean>> portCreates = new ArrayList<>();
        portHolders.forEach((port, holders) -> {
            KeyValue kv = portKeys.get(String.valueOf(port));
            ServiceRef first = holders.iterator().next();
            if (kv == null) {
                portCreates.add(created(ports.create(port, first), "node port allocated for a service that had none recorded",
                        first, String.valueOf(port)));
            } else if (!holders.contains(NodePortAllocator.owner(Json.stored(kv.value()))) || holders.size() > 1) {
                reportOnce("node port taken " + port, "the node port is allocated to another service", first, String.valueOf(port));
            }
        });
        List<Future<Boolean>> ipDeletes = new ArrayList<>();
        ipKeys.forEach((ip, kv) -> {
            JsonNode obj = Json.stored(kv.value());
            ServiceRef parent = IpAddressObjects.parent(obj);
            if (IpAddressObjects.managedByAllocator(obj) && !ipHolders.getOrDefault(ip, Set.of()).contains(parent)
                    && expired(IpAddressObjects.created(obj))) {
                ipDeletes.add(deleted(kv, "released a cluster IP no service holds", parent, ip));
            }
        });
        List<Future<Boolean>> portDeletes = new ArrayList<>();
        portKeys.forEach((port, kv) -> {
            JsonNode record = Json.stored(kv.value());
            ServiceRef owner = NodePortAllocator.owner(record);
            int number = parsePort(port);
            if (!portHolders.getOrDefault(number, Set.of()).contains(owner) && expired(NodePortAllocator.created(record))) {
                portDeletes.add(deleted(kv, "released a node port no service holds", owner, port));
            }
        });
        return Future.all(count(ipCreates), count(ipDeletes), count(portCreates), count(portDeletes))
                .map(c -> new Result(c.resultAt(0), c.resultAt(1), c.resultAt(2), c.resultAt(3)));
    }

    private boolean expired(java.time.Instant created) {
        return created.plus(GRACE).isBefore(clock.instant());
    }

    private Future<Boolean> created(Future<Void> create, String what, ServiceRef service, String value) {
        return create.map(v -> {
            LOG.log(Level.FINE, what, new Object[]{"service", service, "value", value});
            return true;
        }).recover(e -> Future.succeededFuture(false)); // taken meanwhile (a concurrent pass, a new allocation)
    }

    private Future<Boolean> deleted(KeyValue kv, String what, ServiceRef owner, String value) {
        return store.get().delete(kv.key(), kv.modRevision()).map(w -> {
            LOG.log(Level.FINE, what, new Object[]{"owner", owner, "value", value});
            return true;
        }).recover(e -> {
            if (!(e instanceof StoreException.Conflict) && !(e instanceof StoreException.NotFound)) {
                LOG.log(Level.FINE, "repair delete failed", new Object[]{"key", kv.key(), "error", e.getMessage()});
            }
            return Future.succeededFuture(false);
        });
    }

    private void reportOnce(String key, String what, ServiceRef service, String value) {
        if (reported.add(key)) {
            LOG.log(Level.WARNING, what, new Object[]{"service", service, "value", value});
        }
    }

    private static Future<Integer> count(List<Future<Boolean>> changes) {
        return Future.all(changes).map(c -> {
            int n = 0;
            for (int i = 0; i < c.size(); i++) {
                n += Boolean.TRUE.equals(c.resultAt(i)) ? 1 : 0;
            }
            return n;
        });
    }

    private static List<JsonNode> parse(RangeResult services) {
        List<JsonNode> out = new ArrayList<>();
        for (KeyValue kv : services.kvs()) {
            out.add(Json.stored(kv.value()));
        }
        return out;
    }

    private static Map<String, KeyValue> byName(RangeResult r, String prefix) {
        Map<String, KeyValue> out = new LinkedHashMap<>();
        for (KeyValue kv : r.kvs()) {
            out.put(kv.key().substring(prefix.length()), kv);
        }
        return out;
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
