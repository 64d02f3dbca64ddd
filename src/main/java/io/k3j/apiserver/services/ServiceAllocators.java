package io.k3j.apiserver.services;

import io.k3j.apiserver.rest.WriteHooks;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server's Service allocation, wired: the cluster IP and node port allocators, the write hooks that use
 * them, the default ServiceCIDR and the repair pass (at start, then every three minutes, as upstream's repair
 * intervals; on every server, since each step is a create or a compare-and-swap).
 */
public final class ServiceAllocators {

    /** Upstream's repair interval for both the cluster IP and the node port repair loops. */
    public static final Duration REPAIR_INTERVAL = Duration.ofMinutes(3);
    private static final Logger LOG = Logger.getLogger(ServiceAllocators.class.getName());

    private final Vertx vertx;
    private final ServiceAllocation hooks;
    private final AllocationRepair repair;
    private final Duration interval;
    private long timer = -1;
    private boolean stopped;

    private ServiceAllocators(Vertx vertx, ClusterIpAllocators ips, NodePortAllocator ports, Supplier<Store> store,
                              Clock clock, Duration interval) {
        this.vertx = vertx;
        this.hooks = new ServiceAllocation(ips, ports);
        this.repair = new AllocationRepair(store, ips, ports, clock);
        this.interval = interval;
    }

    /** Allocators reading what is taken from the API server's watch cache. */
    public static ServiceAllocators create(Vertx vertx, Supplier<Store> store, WatchCache cache, ServiceNetwork network) {
        return create(vertx, store, AllocatedKeys.cached(cache, IpAddressObjects.PREFIX), network, new SecureRandom(),
                Clock.systemUTC(), REPAIR_INTERVAL);
    }

    static ServiceAllocators create(Vertx vertx, Supplier<Store> store, AllocatedKeys takenIps, ServiceNetwork network,
                                    Random random, Clock clock, Duration interval) {
        ClusterIpAllocators ips = ClusterIpAllocators.of(network.serviceCidr(), store, takenIps, random, clock);
        NodePortAllocator ports = new NodePortAllocator(store, network.nodePorts(), random, clock);
        return new ServiceAllocators(vertx, ips, ports, store, clock, interval);
    }

    public WriteHooks hooks() {
        return hooks;
    }

    /** Runs the first repair pass in the background (it also creates the default ServiceCIDR) and schedules the next. */
    public void start() {
        pass();
    }

    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One repair pass now (tests; the schedule runs them by itself). */
    Future<AllocationRepair.Result> repairOnce() {
        return repair.runOnce();
    }

    private void pass() {
        if (stopped) {
            return;
        }
        repair.runOnce().onComplete(ar -> {
            if (ar.failed()) {
                LOG.log(Level.FINE, "service allocation repair failed", new Object[]{"error", ar.cause().getMessage()});
            }
            if (!stopped) {
                timer = vertx.setTimer(interval.toMillis(), t -> pass());
            }
        });
    }
}
