package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Random;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cluster IPs from the service network, one IPAddress object per address (upstream's MultiCIDRServiceAllocator,
 * GA in 1.33). Creating the object in the store is the lock: a create that finds the key taken means another
 * request (on this server or another one sharing the datastore) holds the address, so two servers never hand out
 * the same IP. Releasing deletes the object, but only while it still names the releasing Service.
 */
final class ClusterIpAllocator {

    private static final Logger LOG = Logger.getLogger(ClusterIpAllocator.class.getName());

    private final Supplier<Store> store;
    private final IpRange range;
    private final AllocatedKeys allocated;
    private final Random random;
    private final Clock clock;

    ClusterIpAllocator(Supplier<Store> store, IpRange range, AllocatedKeys allocated, Random random, Clock clock) {
        this.store = store;
        this.range = range;
        this.allocated = allocated;
        this.random = random;
        this.clock = clock;
    }

    IpRange range() {
        return range;
    }

    /** Claims the requested address for {@code owner}; NOT_IN_RANGE or ALLOCATED otherwise. Answers its canonical text. */
    Future<String> allocate(ServiceRef owner, String ip) {
        InetAddress address = IpText.parse(ip);
        if (!range.contains(address)) {
            return Future.failedFuture(AllocationError.ipNotInRange(ip, range));
        }
        String name = IpText.format(address);
        return create(name, owner).map(name);
    }

    /** A free address, from the upper band first; FULL when there is none. */
    Future<String> allocateNext(ServiceRef owner) {
        BigInteger band = BigInteger.valueOf(range.staticBand());
        return allocated.names().compose(taken -> {
            BandWalk upper = new BandWalk(band, range.size().subtract(band), random);
            return upper.claim(range::at, taken, name -> create(name, owner)).recover(e -> {
                if (!(e instanceof AllocationError a && a.kind() == AllocationError.Kind.FULL) || band.signum() == 0) {
                    return Future.failedFuture(e);
                }
                return new BandWalk(BigInteger.ZERO, band, random).claim(range::at, taken, name -> create(name, owner));
            });
        });
    }

    /** What a dry run answers for a requested address: only the range is checked, nothing is claimed. */
    Future<String> dryRunAllocate(String ip) {
        InetAddress address = IpText.parse(ip);
        return range.contains(address) ? Future.succeededFuture(ip)
                : Future.failedFuture(AllocationError.ipNotInRange(ip, range));
    }

    /** What a dry run answers for a dynamic address: the network address, as upstream's dry-run allocator. */
    String dryRunNext() {
        return range.networkAddress();
    }

    /**
     * Frees {@code ip} if its IPAddress still belongs to {@code owner} (a compare-and-swap delete, so an address
     * handed to someone else meanwhile stays theirs). Never fails: a leftover is the repair loop's to collect.
     */
    Future<Void> release(ServiceRef owner, String ip) {
        String name = IpText.canonical(ip);
        if (name == null) {
            return Future.succeededFuture();
        }
        String key = IpAddressObjects.key(name);
        return store.get().get(key).compose(g -> {
            KeyValue kv = g.kv();
            if (kv == null || kv.tombstone() || !owner.equals(IpAddressObjects.parent(Json.stored(kv.value())))) {
                return Future.<Void>succeededFuture();
            }
            return store.get().delete(key, kv.modRevision()).<Void>mapEmpty();
        }).recover(e -> {
            if (!(e instanceof StoreException.Conflict) && !(e instanceof StoreException.NotFound)) {
                LOG.log(Level.WARNING, "cluster IP not released", new Object[]{"ip", ip, "service", owner, "error", e.getMessage()});
            }
            return Future.succeededFuture();
        });
    }

    /** Creates the IPAddress object; ALLOCATED when it exists. */
    Future<Void> create(String name, ServiceRef owner) {
        ObjectNode obj = IpAddressObjects.create(name, range.family(), owner, clock.instant());
        return store.get().create(IpAddressObjects.key(name), Json.bytes(obj)).<Void>mapEmpty().recover(e ->
                Future.failedFuture(e instanceof StoreException.KeyExists ? AllocationError.ipAllocated() : e));
    }
}
