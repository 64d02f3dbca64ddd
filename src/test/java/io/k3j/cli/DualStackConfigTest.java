package io.k3j.cli;

import io.k3j.config.Cidr;
import io.k3j.config.PodNetwork;
import io.k3j.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --cluster-cidr, --service-cidr and --cluster-dns with one network per IP family, as K3s takes them. */
class DualStackConfigTest {

    @TempDir
    Path dir;

    private ServerConfig parse(String... args) throws Exception {
        List<String> merged = MergedArgs.merge(ServerCommand::new, List.of(args), Map.of(), ServerCommand.ENV,
                dir.resolve("config.yaml"));
        ServerCommand cmd = new ServerCommand();
        new CommandLine(cmd).parseArgs(merged.toArray(String[]::new));
        return cmd.toConfig();
    }

    private static List<String> texts(List<InetAddress> ips) {
        return ips.stream().map(Cidr::format).toList();
    }

    @Test
    void dualStackFlagsGiveTwoNetworksPrimaryFirst() throws Exception {
        ServerConfig c = parse("--cluster-cidr", "10.42.0.0/16,2001:cafe:42::/56", "--service-cidr",
                "10.43.0.0/16,2001:cafe:43::/112");
        assertThat(c.clusterCidr().toString()).isEqualTo("10.42.0.0/16,2001:cafe:42::/56");
        assertThat(c.serviceCidr().families()).containsExactly("IPv4", "IPv6");
        assertThat(c.serviceCidr().dualStack()).isTrue();
        assertThat(c.apiServiceIp().getHostAddress()).isEqualTo("10.43.0.1");
        // K3s's default DNS: the 10th address of every service network
        assertThat(texts(c.clusterDns())).containsExactly("10.43.0.10", "2001:cafe:43::a");
        assertThat(c.podNetworks()).containsExactly(new PodNetwork(Cidr.parse("10.42.0.0/16"), 24),
                new PodNetwork(Cidr.parse("2001:cafe:42::/56"), 64));
    }

    @Test
    void ipv6OnlyAndIpv6Primary() throws Exception {
        ServerConfig v6 = parse("--cluster-cidr", "2001:cafe:42::/56", "--service-cidr", "2001:cafe:43::/112");
        assertThat(v6.apiServiceIp().getHostAddress()).isEqualTo("2001:cafe:43:0:0:0:0:1");
        assertThat(texts(v6.clusterDns())).containsExactly("2001:cafe:43::a");
        assertThat(v6.podNetworks()).containsExactly(new PodNetwork(Cidr.parse("2001:cafe:42::/56"), 64));
        ServerConfig primary6 = parse("--service-cidr", "2001:cafe:43::/112,10.43.0.0/16", "--cluster-dns", "2001:cafe:43::10");
        assertThat(primary6.serviceCidr().primary().family()).isEqualTo("IPv6");
        assertThat(texts(primary6.clusterDns())).containsExactly("2001:cafe:43::10");
    }

    @Test
    void repeatedFlagsAndConfigFileListsAreTheSameAsACommaList() throws Exception {
        assertThat(parse("--cluster-cidr", "10.42.0.0/16", "--cluster-cidr", "2001:cafe:42::/56").clusterCidr().toString())
                .isEqualTo("10.42.0.0/16,2001:cafe:42::/56");
        Files.writeString(dir.resolve("config.yaml"), """
                cluster-cidr: [10.42.0.0/16, "2001:cafe:42::/56"]
                service-cidr: "10.43.0.0/16,2001:cafe:43::/112"
                cluster-dns: "10.43.0.10,2001:cafe:43::10"
                """);
        ServerConfig file = parse();
        assertThat(file.clusterCidr().toString()).isEqualTo("10.42.0.0/16,2001:cafe:42::/56");
        assertThat(file.serviceCidr().toString()).isEqualTo("10.43.0.0/16,2001:cafe:43::/112");
        assertThat(texts(file.clusterDns())).containsExactly("10.43.0.10", "2001:cafe:43::10");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--cluster-cidr|10.42.0.0/16,10.44.0.0/16|--cluster-cidr \"10.42.0.0/16,10.44.0.0/16\": both networks are IPv4; dual-stack takes one IPv4 and one IPv6 network",
            "--service-cidr|fd00:1::/112,fd00:2::/112|--service-cidr \"fd00:1::/112,fd00:2::/112\": both networks are IPv6; dual-stack takes one IPv4 and one IPv6 network",
            "--cluster-cidr|10.42.0.0/16,fd00::/56,10.44.0.0/16|--cluster-cidr \"10.42.0.0/16,fd00::/56,10.44.0.0/16\": at most two networks, one IPv4 and one IPv6 (dual-stack)",
            "--service-cidr|10.43.0.0/16,fd00:43::/99x|--service-cidr: invalid CIDR \"fd00:43::/99x\": prefix length is not a number",
            "--service-cidr|10.43.0.0/16,fd00:43::/48|--service-cidr fd00:43::/48: an IPv6 service network must be /64 or longer",
            "--cluster-cidr|x,fd00::/56|--cluster-cidr: invalid CIDR \"x\": expected address/prefix, e.g. 10.42.0.0/16",
            "--cluster-dns|10.43.0.10,10.43.0.11|--cluster-dns \"10.43.0.10,10.43.0.11\": at most one address per IP family",
            "--cluster-dns|fd00::10|--cluster-dns fd00::10 is not inside --service-cidr 10.43.0.0/16",
    })
    void malformedListsAreOneLineErrorsNamingTheFlag(String flag, String value, String message) {
        assertThatThrownBy(() -> parse(flag, value)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void nodeMaskSizesFollowKubeControllerManagerRules() throws Exception {
        String dual = "10.42.0.0/16,2001:cafe:42::/56";
        assertThat(parse("--cluster-cidr", dual, "--kube-controller-manager-arg", "node-cidr-mask-size-ipv6=60").podNetworks())
                .extracting(PodNetwork::nodeMaskSize).containsExactly(24, 60);
        assertThat(parse("--kube-controller-manager-arg", "node-cidr-mask-size=25").podNetworks())
                .extracting(PodNetwork::nodeMaskSize).containsExactly(25);
        assertThat(parse("--kube-controller-manager-arg", "node-cidr-mask-size-ipv4=26").podNetworks())
                .extracting(PodNetwork::nodeMaskSize).containsExactly(26);
        assertThatThrownBy(() -> parse("--cluster-cidr", dual, "--kube-controller-manager-arg", "node-cidr-mask-size=24"))
                .hasMessage("--kube-controller-manager-arg node-cidr-mask-size: usage of --node-cidr-mask-size is not "
                        + "allowed with dual-stack clusters");
        assertThatThrownBy(() -> parse("--kube-controller-manager-arg", "node-cidr-mask-size-ipv6=64"))
                .hasMessage("--kube-controller-manager-arg node-cidr-mask-size-ipv6: usage of --node-cidr-mask-size-ipv6 "
                        + "is not allowed for a single-stack IPv4 cluster");
        assertThatThrownBy(() -> parse("--cluster-cidr", "fd00::/56", "--kube-controller-manager-arg", "node-cidr-mask-size-ipv4=24"))
                .hasMessageContaining("usage of --node-cidr-mask-size-ipv4 is not allowed for a single-stack IPv6 cluster");
        assertThatThrownBy(() -> parse("--kube-controller-manager-arg", "node-cidr-mask-size=24",
                "--kube-controller-manager-arg", "node-cidr-mask-size-ipv4=24"))
                .hasMessageContaining("is not allowed if --node-cidr-mask-size is set");
        assertThatThrownBy(() -> parse("--kube-controller-manager-arg", "node-cidr-mask-size-ipv4=12"))
                .hasMessage("--cluster-cidr 10.42.0.0/16 with --kube-controller-manager-arg node-cidr-mask-size-ipv4: "
                        + "node CIDR mask size /12 does not fit the cluster CIDR 10.42.0.0/16");
        assertThatThrownBy(() -> parse("--cluster-cidr", dual, "--kube-controller-manager-arg", "node-cidr-mask-size-ipv6=80"))
                .hasMessageContaining("the node CIDR size is too big");
        assertThatThrownBy(() -> parse("--kube-controller-manager-arg", "node-cidr-mask-size-ipv4=x"))
                .hasMessage("--kube-controller-manager-arg node-cidr-mask-size-ipv4=x is not a prefix length");
    }

    @Test
    void singleStackIpv4DefaultsAreUnchanged() throws Exception {
        ServerConfig c = parse();
        assertThat(c.clusterCidr().cidrs()).containsExactly(Cidr.parse("10.42.0.0/16"));
        assertThat(c.serviceCidr().cidrs()).containsExactly(Cidr.parse("10.43.0.0/16"));
        assertThat(texts(c.clusterDns())).containsExactly("10.43.0.10");
        assertThat(c.podNetworks()).containsExactly(new PodNetwork(Cidr.parse("10.42.0.0/16"), 24));
    }
}
