package io.k3j.apiserver.services;

import io.k3j.apiserver.rest.WriteHooks;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * The allocations of one Service write, as upstream's allocation transaction: what it claimed (given back when the
 * write fails) and what it gives up (released only once the write is stored). In a dry run nothing is claimed or
 * released; requested values are checked as upstream's dry-run allocators check them (an IP against the range, a
 * port against what is taken) and dynamic ones are placeholders (the network address; ports from 32769 up).
 */
final class Allocations {

    /** Upstream's dry-run port operation counts up from here. */
    private static final int DRY_RUN_PORT_BASE = 32768;

    private final ClusterIpAllocators ips;
    private final NodePortAllocator ports;
    private final ServiceRef owner;
    private final boolean dryRun;
    private final List<String> claimedIps = new ArrayList<>();
    private final List<Integer> claimedPorts = new ArrayList<>();
    private final List<String> releasedIps = new ArrayList<>();
    private final List<Integer> releasedPorts = new ArrayList<>();

    Allocations(ClusterIpAllocators ips, NodePortAllocator ports, ServiceRef owner, boolean dryRun) {
        this.ips = ips;
        this.ports = ports;
        this.owner = owner;
        this.dryRun = dryRun;
    }

    /**
     * Claims {@code requested} (empty: any free address) from the service network of {@code family}, which the
     * family checks made sure the cluster has; answers the address.
     */
    Future<String> ip(String family, String requested) {
        ClusterIpAllocator range = ips.of(family).orElseThrow(() -> new IllegalStateException(family + " is not configured"));
        if (dryRun) {
            return requested.isEmpty() ? Future.succeededFuture(range.dryRunNext()) : range.dryRunAllocate(requested);
        }
        Future<String> claimed = requested.isEmpty() ? range.allocateNext(owner)
                : range.allocate(owner, requested).map(requested);
        return claimed.onSuccess(claimedIps::add);
    }

    /** Claims {@code requested} (0: any free port); answers the port. */
    Future<Integer> port(int requested) {
        if (dryRun) {
            return dryRunPort(requested);
        }
        Future<Integer> claimed = requested == 0 ? ports.allocateNext(owner) : ports.allocate(owner, requested);
        return claimed.onSuccess(claimedPorts::add);
    }

    private Future<Integer> dryRunPort(int requested) {
        if (requested == 0) {
            int next = claimedPorts.stream().mapToInt(Integer::intValue).max().orElse(DRY_RUN_PORT_BASE) + 1;
            claimedPorts.add(next);
            return Future.succeededFuture(next);
        }
        if (claimedPorts.contains(requested)) {
            return Future.failedFuture(AllocationError.portAllocated());
        }
        return ports.taken(requested).compose(taken -> {
            if (taken) {
                return Future.failedFuture(AllocationError.portAllocated());
            }
            claimedPorts.add(requested);
            return Future.succeededFuture(requested);
        });
    }

    void releaseIpLater(String ip) {
        releasedIps.add(ip);
    }

    void releasePortLater(int port) {
        releasedPorts.add(port);
    }

    /** Gives back what this write claimed. */
    Future<Void> revert() {
        if (dryRun) {
            return Future.succeededFuture();
        }
        return release(claimedIps, claimedPorts);
    }

    /** Releases what this write gave up, now that it is stored. */
    Future<Void> commit() {
        if (dryRun) {
            return Future.succeededFuture();
        }
        return release(releasedIps, releasedPorts);
    }

    private Future<Void> release(List<String> ipList, List<Integer> portList) {
        List<Future<Void>> all = new ArrayList<>();
        ipList.forEach(ip -> all.add(ips.release(owner, ip)));
        portList.forEach(port -> all.add(ports.release(owner, port)));
        return Future.join(all).mapEmpty();
    }

    WriteHooks.Transaction transaction() {
        return new WriteHooks.Transaction() {
            @Override
            public Future<Void> commit() {
                return Allocations.this.commit();
            }

            @Override
            public Future<Void> revert() {
                return Allocations.this.revert();
            }
        };
    }
}
