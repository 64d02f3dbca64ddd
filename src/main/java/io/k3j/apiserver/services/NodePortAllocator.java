package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.config.PortRange;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Node ports from {@code --service-node-port-range}. Upstream keeps them in one bitmap object that every
 * kube-apiserver rewrites; here each allocated port is its own datastore key {@code /servicenodeports/<port>}
 * (value: the owning Service and when it was taken), so claiming a port is a create that fails when the key
 * exists: servers sharing a datastore cannot hand out the same port, and no bitmap is rewritten (or fought
 * over) per allocation. Dynamic ports come from the upper band first, as upstream (ServiceNodePortStaticSubrange).
 */
final class NodePortAllocator {

    static final String PREFIX = "/servicenodeports/";
    private static final Logger LOG = Logger.getLogger(NodePortAllocator.class.getName());

    private final Supplier<Store> store;
    private final PortRange range;
    private final AllocatedKeys allocated;
    private final Random random;
    private final Clock clock;

    NodePortAllocator(Supplier<Store> store, PortRange range, Random random, Clock clock) {
        this.store = store;
        this.range = range;
        this.allocated = AllocatedKeys.stored(store, PREFIX);
        this.random = random;
        this.clock = clock;
    }

    PortRange range() {
        return range;
    }

    static String key(int port) {
        return PREFIX + port;
    }

    /** Upstream's min(max(16, size/32), 128), none for ranges of 16 ports or fewer. */
    static int staticBand(int size) {
        if (size <= 16) {
            return 0;
        }
        return Math.min(Math.max(16, size / 32), 128);
    }

    Future<Integer> allocate(ServiceRef owner, int port) {
        if (!range.contains(port)) {
            return Future.failedFuture(AllocationError.portNotInRange(range));
        }
        return create(port, owner).map(port);
    }

    Future<Integer> allocateNext(ServiceRef owner) {
        int band = staticBand(range.size());
        return allocated.names().compose(taken -> {
            BandWalk upper = new BandWalk(BigInteger.valueOf(band), BigInteger.valueOf(range.size() - band), random);
            return upper.claim(this::portName, taken, name -> create(Integer.parseInt(name), owner)).recover(e -> {
                if (!(e instanceof AllocationError a && a.kind() == AllocationError.Kind.FULL) || band == 0) {
                    return Future.failedFuture(e);
                }
                return new BandWalk(BigInteger.ZERO, BigInteger.valueOf(band), random)
                        .claim(this::portName, taken, name -> create(Integer.parseInt(name), owner));
            }).map(Integer::parseInt);
        });
    }

    /** Whether a port is held now (a dry run's only check of a requested port, as upstream's). */
    Future<Boolean> taken(int port) {
        return store.get().get(key(port)).map(g -> g.kv() != null && !g.kv().tombstone());
    }

    /** Frees {@code port} if it still belongs to {@code owner}; never fails (leftovers are the repair loop's). */
    Future<Void> release(ServiceRef owner, int port) {
        String key = key(port);
        return store.get().get(key).compose(g -> {
            KeyValue kv = g.kv();
            if (kv == null || kv.tombstone() || !owner.equals(owner(Json.stored(kv.value())))) {
                return Future.<Void>succeededFuture();
            }
            return store.get().delete(key, kv.modRevision()).<Void>mapEmpty();
        }).recover(e -> {
            if (!(e instanceof StoreException.Conflict) && !(e instanceof StoreException.NotFound)) {
                LOG.log(Level.WARNING, "node port not released", new Object[]{"port", port, "service", owner, "error", e.getMessage()});
            }
            return Future.succeededFuture();
        });
    }

    Future<Void> create(int port, ServiceRef owner) {
        return store.get().create(key(port), Json.bytes(record(owner, clock.instant()))).<Void>mapEmpty().recover(e ->
                Future.failedFuture(e instanceof StoreException.KeyExists ? AllocationError.portAllocated() : e));
    }

    private String portName(BigInteger offset) {
        return String.valueOf(range.base() + offset.intValueExact());
    }

    static ObjectNode record(ServiceRef owner, Instant now) {
        return Json.MAPPER.createObjectNode().put("namespace", owner.namespace()).put("name", owner.name())
                .put("created", now.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    static ServiceRef owner(JsonNode record) {
        return new ServiceRef(record.path("namespace").asText(""), record.path("name").asText(""));
    }

    static Instant created(JsonNode record) {
        try {
            return Instant.parse(record.path("created").asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
