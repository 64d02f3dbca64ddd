package io.k3j.controller.ipam;

import io.k3j.config.CidrList;
import io.k3j.config.ComponentArgs;
import io.k3j.config.PodNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Node subnets of a dual-stack pod network: one per family, in --cluster-cidr's order, all or none. */
class PodCidrSetsTest {

    static PodCidrSets sets(String clusterCidr, String... cmArgs) {
        ComponentArgs args = ComponentArgs.parse(ComponentArgs.Component.KUBE_CONTROLLER_MANAGER, List.of(cmArgs));
        return new PodCidrSets(PodNetwork.of(CidrList.parse("--cluster-cidr", clusterCidr), args));
    }

    @Test
    void aNodeGetsOneSubnetPerFamilyWithUpstreamsDefaultSizes() {
        PodCidrSets s = sets("10.42.0.0/16,2001:cafe:42::/56");
        assertThat(s.allocate()).contains(List.of("10.42.0.0/24", "2001:cafe:42::/64"));
        assertThat(s.allocate()).contains(List.of("10.42.1.0/24", "2001:cafe:42:1::/64"));
        // IPv6 primary: the order of the flag is the order of podCIDRs
        assertThat(sets("2001:cafe:42::/56,10.42.0.0/16").allocate()).contains(List.of("2001:cafe:42::/64", "10.42.0.0/24"));
        // IPv6 only
        assertThat(sets("2001:cafe:42::/56").allocate()).contains(List.of("2001:cafe:42::/64"));
    }

    @Test
    void perFamilyMaskSizesFromTheControllerManagerArgs() {
        PodCidrSets s = sets("10.42.0.0/16,2001:cafe:42::/56", "node-cidr-mask-size-ipv4=26", "node-cidr-mask-size-ipv6=60");
        assertThat(s.allocate()).contains(List.of("10.42.0.0/26", "2001:cafe:42::/60"));
        assertThat(s.allocate()).contains(List.of("10.42.0.64/26", "2001:cafe:42:10::/60"));
    }

    @Test
    void whenOneFamilyIsFullTheNodeGetsNothingAndTheOtherFamilyKeepsItsSubnet() {
        // two IPv4 subnets, four IPv6 ones; IPv6 first so that its subnet is taken before IPv4 runs out
        PodCidrSets s = sets("fd00:42::/62,10.42.0.0/23");
        assertThat(s.allocate()).contains(List.of("fd00:42::/64", "10.42.0.0/24"));
        assertThat(s.allocate()).contains(List.of("fd00:42:0:1::/64", "10.42.1.0/24"));
        for (int i = 0; i < 5; i++) {
            assertThat(s.allocate()).isEmpty();
            assertThat(s.allocated()).containsExactly(2, 2); // the IPv6 subnet of the failed attempt went back
        }
        s.release(List.of("fd00:42::/64", "10.42.0.0/24"));
        Optional<List<String>> next = s.allocate();
        assertThat(next).isPresent();
        assertThat(next.get().get(1)).isEqualTo("10.42.0.0/24");
        assertThat(s.allocated()).containsExactly(2, 2);
    }

    @Test
    void occupiedSubnetsCountPerNetworkByPosition() {
        PodCidrSets s = sets("10.42.0.0/23,2001:cafe:42::/63");
        s.occupy(List.of("10.42.0.0/24", "2001:cafe:42::/64"));
        s.occupy(List.of("10.99.0.0/24")); // not ours: ignored
        assertThat(s.allocated()).containsExactly(1, 1);
        assertThat(s.allocate()).contains(List.of("10.42.1.0/24", "2001:cafe:42:1::/64"));
        assertThat(s.allocate()).isEmpty();
    }
}
