package io.k3j.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The networks of one dual-stack capable setting ({@code --cluster-cidr}, {@code --service-cidr}): one or two, at most
 * one per IP family, the first the primary, as kube-apiserver and kube-controller-manager take
 * {@code --service-cluster-ip-range} and {@code --cluster-cidr}. {@code 10.42.0.0/16} is single-stack IPv4,
 * {@code 10.42.0.0/16,2001:cafe:42::/56} dual-stack with IPv4 primary, {@code 2001:cafe:42::/56} IPv6 only.
 */
public record CidrList(List<Cidr> cidrs) {

    public CidrList {
        cidrs = List.copyOf(cidrs);
        if (cidrs.isEmpty() || cidrs.size() > 2) {
            throw new IllegalArgumentException("one or two networks expected, got " + cidrs.size());
        }
        if (cidrs.size() == 2 && cidrs.get(0).family().equals(cidrs.get(1).family())) {
            throw new IllegalArgumentException("two " + cidrs.get(0).family() + " networks");
        }
    }

    public static CidrList of(Cidr... cidrs) {
        return new CidrList(List.of(cidrs));
    }

    /**
     * Parses a comma list (the values of a repeated flag or a YAML list joined with commas give the same list);
     * errors name the flag and say what is wrong in one line.
     */
    public static CidrList parse(String flag, String text) {
        List<String> parts = new ArrayList<>();
        for (String p : (text == null ? "" : text).split(",", -1)) {
            parts.add(p.trim());
        }
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(flag + " \"" + text + "\": empty network in the list");
        }
        if (parts.size() > 2) {
            throw new IllegalArgumentException(flag + " \"" + text
                    + "\": at most two networks, one IPv4 and one IPv6 (dual-stack)");
        }
        List<Cidr> out = new ArrayList<>();
        for (String p : parts) {
            try {
                out.add(Cidr.parse(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + ": " + e.getMessage());
            }
        }
        if (out.size() == 2 && out.get(0).family().equals(out.get(1).family())) {
            throw new IllegalArgumentException(flag + " \"" + text + "\": both networks are " + out.get(0).family()
                    + "; dual-stack takes one IPv4 and one IPv6 network");
        }
        return new CidrList(out);
    }

    /** The first network: the cluster's default family, the one single-stack objects get. */
    public Cidr primary() {
        return cidrs.getFirst();
    }

    public boolean dualStack() {
        return cidrs.size() == 2;
    }

    /** The network of {@code family} ("IPv4" or "IPv6"), if the setting has one. */
    public Optional<Cidr> ofFamily(String family) {
        return cidrs.stream().filter(c -> c.family().equals(family)).findFirst();
    }

    /** The families in order, primary first. */
    public List<String> families() {
        return cidrs.stream().map(Cidr::family).toList();
    }

    /** The comma list, as K3s hands such settings on. */
    @Override
    public String toString() {
        return cidrs.stream().map(Cidr::toString).collect(Collectors.joining(","));
    }
}
