package io.k3j.controller.ipam;

import io.k3j.config.PodNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The subnets of every pod network (one per IP family, in --cluster-cidr's order), handed out together as upstream's
 * range allocator does with its cidr sets: a Node gets one subnet of each network or none, and the i-th of its
 * podCIDRs belongs to the i-th network. Not thread-safe; the IPAM controller uses it on one context.
 */
final class PodCidrSets {

    private final List<CidrAllocator> sets;

    PodCidrSets(List<PodNetwork> networks) {
        this.sets = networks.stream().map(n -> new CidrAllocator(n.cidr(), n.nodeMaskSize())).toList();
    }

    /** One subnet per network, or empty (nothing kept) when any network is full. */
    Optional<List<String>> allocate() {
        List<String> out = new ArrayList<>();
        for (CidrAllocator set : sets) {
            Optional<String> cidr = set.allocate();
            if (cidr.isEmpty()) {
                release(out);
                return Optional.empty();
            }
            out.add(cidr.get());
        }
        return Optional.of(List.copyOf(out));
    }

    /** Marks a Node's subnets used (a restart, a Node that came with its own); ones of no network are ignored. */
    void occupy(List<String> cidrs) {
        for (int i = 0; i < cidrs.size() && i < sets.size(); i++) {
            sets.get(i).occupy(cidrs.get(i));
        }
    }

    void release(List<String> cidrs) {
        for (int i = 0; i < cidrs.size() && i < sets.size(); i++) {
            sets.get(i).release(cidrs.get(i));
        }
    }

    /** Subnets in use, per network. */
    List<Integer> allocated() {
        return sets.stream().map(CidrAllocator::allocated).toList();
    }
}
