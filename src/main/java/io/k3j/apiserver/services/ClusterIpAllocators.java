package io.k3j.apiserver.services;

import io.k3j.config.CidrList;
import io.k3j.store.Store;
import io.vertx.core.Future;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The cluster IP allocators of the cluster's service networks, one per IP family in {@code --service-cidr}'s order
 * (upstream's serviceIPAllocatorsByFamily and its default family, the first). All of them claim IPAddress objects
 * under one prefix, so what is taken is read once for both.
 */
final class ClusterIpAllocators {

    private final List<ClusterIpAllocator> allocators;

    ClusterIpAllocators(List<ClusterIpAllocator> allocators) {
        if (allocators.isEmpty()) {
            throw new IllegalArgumentException("no service network");
        }
        this.allocators = List.copyOf(allocators);
    }

    static ClusterIpAllocators of(CidrList networks, Supplier<Store> store, AllocatedKeys taken, Random random, Clock clock) {
        return new ClusterIpAllocators(networks.cidrs().stream()
                .map(c -> new ClusterIpAllocator(store, new IpRange(c), taken, random, clock)).toList());
    }

    /** The allocator of the primary service network (the kubernetes Service's, single-stack services' default). */
    ClusterIpAllocator primary() {
        return allocators.getFirst();
    }

    List<ClusterIpAllocator> all() {
        return allocators;
    }

    /** The configured families, primary first. */
    List<String> families() {
        return allocators.stream().map(a -> a.range().family()).toList();
    }

    boolean dualStack() {
        return allocators.size() > 1;
    }

    /** The allocator of {@code family}, if the cluster has a service network of that family. */
    Optional<ClusterIpAllocator> of(String family) {
        return allocators.stream().filter(a -> a.range().family().equals(family)).findFirst();
    }

    /** The allocator whose range holds {@code ip}. */
    Optional<ClusterIpAllocator> containing(InetAddress ip) {
        return allocators.stream().filter(a -> a.range().contains(ip)).findFirst();
    }

    /**
     * Frees {@code ip} if its IPAddress still names {@code owner}. An address of a family the cluster no longer
     * serves is freed too (its object would otherwise wait for the repair pass): a release only touches the store.
     */
    Future<Void> release(ServiceRef owner, String ip) {
        InetAddress address = IpText.parse(ip);
        ClusterIpAllocator a = address == null ? primary() : of(IpText.family(address)).orElse(primary());
        return a.release(owner, ip);
    }
}
