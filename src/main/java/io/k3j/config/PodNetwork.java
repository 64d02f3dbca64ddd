package io.k3j.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One family of the pod network: its {@code --cluster-cidr} network and the size of the subnet each Node gets from it
 * ({@code spec.podCIDRs}). The sizes follow kube-controller-manager: /24 for IPv4 and /64 for IPv6 unless
 * {@code --kube-controller-manager-arg node-cidr-mask-size-ipv4=…}/{@code -ipv6=…} say otherwise;
 * {@code node-cidr-mask-size} sets a single-stack cluster's size and is refused on a dual-stack one, with upstream's
 * texts.
 */
public record PodNetwork(Cidr cidr, int nodeMaskSize) {

    static final int DEFAULT_IPV4 = 24;
    static final int DEFAULT_IPV6 = 64;
    /** Upstream's cidrset refuses IPv6 node subnets more than 2^16 times smaller than the cluster network. */
    private static final int MAX_IPV6_DIFF = 16;

    public static final String MASK = "node-cidr-mask-size";
    public static final String MASK_IPV4 = "node-cidr-mask-size-ipv4";
    public static final String MASK_IPV6 = "node-cidr-mask-size-ipv6";

    public PodNetwork {
        int bits = cidr.network().getAddress().length * 8;
        if (nodeMaskSize < cidr.prefixLength() || nodeMaskSize > bits) {
            throw new IllegalArgumentException("node CIDR mask size /" + nodeMaskSize + " does not fit the cluster CIDR " + cidr);
        }
        if (bits == 128 && nodeMaskSize - cidr.prefixLength() > MAX_IPV6_DIFF) {
            throw new IllegalArgumentException("node CIDR mask size /" + nodeMaskSize + " for " + cidr
                    + ": New CIDR set failed; the node CIDR size is too big");
        }
    }

    /** The pod networks of {@code cluster}, in its order, with the mask sizes the controller-manager args give. */
    public static List<PodNetwork> of(CidrList cluster, ComponentArgs controllerManager) {
        String prefix = "--" + controllerManager.flag() + " ";
        Integer single = mask(controllerManager, MASK);
        Integer v4 = mask(controllerManager, MASK_IPV4);
        Integer v6 = mask(controllerManager, MASK_IPV6);
        int ipv4 = DEFAULT_IPV4;
        int ipv6 = DEFAULT_IPV6;
        if (cluster.dualStack()) {
            if (single != null) {
                throw new IllegalArgumentException(prefix + MASK + ": usage of --node-cidr-mask-size is not allowed with "
                        + "dual-stack clusters");
            }
            ipv4 = v4 != null ? v4 : ipv4;
            ipv6 = v6 != null ? v6 : ipv6;
        } else if (single != null) {
            if (v4 != null || v6 != null) {
                throw new IllegalArgumentException(prefix + MASK + ": usage of --node-cidr-mask-size-ipv4 and "
                        + "--node-cidr-mask-size-ipv6 is not allowed if --node-cidr-mask-size is set. For dual-stack "
                        + "clusters please unset it and use IPFamily specific flags");
            }
            ipv4 = single;
            ipv6 = single;
        } else {
            boolean ipv6Only = cluster.primary().family().equals("IPv6");
            if (v4 != null) {
                if (ipv6Only) {
                    throw new IllegalArgumentException(prefix + MASK_IPV4
                            + ": usage of --node-cidr-mask-size-ipv4 is not allowed for a single-stack IPv6 cluster");
                }
                ipv4 = v4;
            }
            if (v6 != null) {
                if (!ipv6Only) {
                    throw new IllegalArgumentException(prefix + MASK_IPV6
                            + ": usage of --node-cidr-mask-size-ipv6 is not allowed for a single-stack IPv4 cluster");
                }
                ipv6 = v6;
            }
        }
        List<PodNetwork> out = new ArrayList<>();
        for (Cidr c : cluster.cidrs()) {
            boolean isV6 = c.family().equals("IPv6");
            try {
                out.add(new PodNetwork(c, isV6 ? ipv6 : ipv4));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cluster-cidr " + c + " with " + prefix
                        + (single != null ? MASK : isV6 ? MASK_IPV6 : MASK_IPV4) + ": " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static Integer mask(ComponentArgs args, String key) {
        String v = args.get(key, null);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1 || n > 128) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + args.flag() + " " + key + "=" + v + " is not a prefix length");
        }
    }
}
