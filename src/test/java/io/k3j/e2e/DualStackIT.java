package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dual-stack k3j (IPv4 primary) with two hollow nodes, driven by real kubectl 1.33: the default ServiceCIDR with
 * both networks, PreferDualStack and RequireDualStack Services with one address per family and their IPAddress
 * objects, an upgrade of a SingleStack Service, Nodes with a pod subnet per family, pods with an address per
 * family, EndpointSlices per address type; and the one-line errors of malformed network flags.
 */
@Tag("e2e")
class DualStackIT {

    private static ClassServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-dualstack", "--cluster-cidr", "10.42.0.0/16,2001:cafe:42::/56",
                "--service-cidr", "10.43.0.0/16,2001:cafe:43::/112", "--hollow-nodes", "2",
                "--disable=coredns,traefik,local-storage,metrics-server,servicelb", "--disable-helm-controller");
        kubectl = server.kubectl;
        eventually("two Ready hollow nodes with a pod subnet per family", () -> get("get", "nodes", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].status}"
                        + "={.spec.podCIDRs[*]};{end}").matches("(hollow-\\d=True=10\\.42\\.\\d+\\.0/24 2001:cafe:42:([0-9a-f]+:)?:/64;){2}"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static String get(String... args) {
        return kubectl.run(args).assertOk().out().trim();
    }

    static void eventually(String what, Supplier<Boolean> cond) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!cond.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static List<String> words(String s) {
        return Arrays.stream(s.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    static String apply(String name, String yaml) throws Exception {
        Path file = Files.writeString(server.dir.resolve(name + ".yaml"), yaml);
        return get("apply", "-f", file.toString());
    }

    static String service(String ns, String name, String policyLine) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  %s
                  selector:
                    app: web
                  ports:
                  - port: 80
                    targetPort: 8080
                """.formatted(name, ns, policyLine);
    }

    @Test
    void theClusterServesBothFamilies() {
        assertThat(get("get", "servicecidrs", "kubernetes", "-o", "jsonpath={.spec.cidrs[*]}"))
                .isEqualTo("10.43.0.0/16 2001:cafe:43::/112");
        // the API server's own Service stays single-stack on the primary family, as upstream's
        assertThat(get("-n", "default", "get", "service", "kubernetes", "-o",
                "jsonpath={.spec.clusterIPs[*]} {.spec.ipFamilyPolicy} {.spec.ipFamilies[*]}"))
                .isEqualTo("10.43.0.1 SingleStack IPv4");
        assertThat(get("get", "nodes", "-o", "jsonpath={range .items[*]}{.spec.podCIDR} {end}")).doesNotContain(":");
    }

    @Test
    void dualStackServicesDeploymentPodsAndEndpointSlices() throws Exception {
        String ns = "dual";
        get("create", "namespace", ns);
        apply("svcs", service(ns, "prefer", "ipFamilyPolicy: PreferDualStack") + "---\n"
                + service(ns, "require", "ipFamilyPolicy: RequireDualStack") + "---\n"
                + service(ns, "single", "type: ClusterIP") + "---\n"
                + service(ns, "plain", "type: ClusterIP"));
        for (String svc : List.of("prefer", "require")) {
            String fields = get("-n", ns, "get", "service", svc, "-o",
                    "jsonpath={.spec.clusterIP}|{.spec.clusterIPs[*]}|{.spec.ipFamilies[*]}");
            String[] parts = fields.split("\\|");
            List<String> ips = words(parts[1]);
            assertThat(ips).as(fields).hasSize(2);
            assertThat(parts[0]).isEqualTo(ips.get(0)).startsWith("10.43.");
            assertThat(ips.get(1)).startsWith("2001:cafe:43::");
            assertThat(parts[2]).isEqualTo("IPv4 IPv6");
            // kubectl's wide table shows the primary address
            assertThat(get("-n", ns, "get", "service", svc, "-o", "wide", "--no-headers")).contains(ips.get(0));
            String owned = get("get", "ipaddresses", "-o", "jsonpath={range .items[?(@.spec.parentRef.name==\"" + svc
                    + "\")]}{.metadata.name}={.metadata.labels.ipaddress\\.kubernetes\\.io/ip-family} {end}");
            assertThat(words(owned)).containsExactlyInAnyOrder(ips.get(0) + "=IPv4", ips.get(1) + "=IPv6");
        }
        assertThat(get("get", "ipaddresses")).contains("PARENTREF").contains("services/" + ns + "/prefer");
        assertThat(words(get("-n", ns, "get", "service", "single", "-o", "jsonpath={.spec.clusterIPs[*]}"))).hasSize(1);

        // upgrade a SingleStack Service in place, as `kubectl patch` does
        get("-n", ns, "patch", "service", "single", "-p", "{\"spec\":{\"ipFamilyPolicy\":\"PreferDualStack\"}}");
        assertThat(words(get("-n", ns, "get", "service", "single", "-o", "jsonpath={.spec.clusterIPs[*]}"))).hasSize(2);
        // SingleStack on a dual-stack Service whose fields stay as they are is the downgrade: the IPv6 address goes
        String released = words(get("-n", ns, "get", "service", "require", "-o", "jsonpath={.spec.clusterIPs[*]}")).get(1);
        get("-n", ns, "patch", "service", "require", "-p", "{\"spec\":{\"ipFamilyPolicy\":\"SingleStack\"}}");
        assertThat(get("-n", ns, "get", "service", "require", "-o", "jsonpath={.spec.clusterIPs[*]} {.spec.ipFamilies[*]}"))
                .doesNotContain(":").endsWith(" IPv4");
        eventually("the released IPv6 address's IPAddress gone", () -> kubectl.run("get", "ipaddress", released).code() != 0);
        // upstream's 422, as kubectl prints it
        Path badFile = Files.writeString(server.dir.resolve("bad.yaml"),
                service(ns, "bad", "ipFamilyPolicy: SingleStack\n  ipFamilies: [IPv4, IPv6]"));
        Kubectl.Result bad = kubectl.run("create", "-f", badFile.toString());
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("Service \"bad\" is invalid: spec.ipFamilyPolicy: Invalid value: "
                + "\"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified");

        get("-n", ns, "create", "deployment", "web", "--image=nginx", "--replicas=2", "--port=8080");
        eventually("two running pods with an address per family", () -> {
            String pods = get("-n", ns, "get", "pods", "-l", "app=web", "--field-selector=status.phase=Running", "-o",
                    "jsonpath={range .items[*]}{.status.podIP}={.status.podIPs[*].ip};{end}");
            return pods.matches("(10\\.42\\.[0-9.]+=10\\.42\\.[0-9.]+ 2001:cafe:42:[0-9a-f:]+;){2}");
        });
        String podIps = get("-n", ns, "get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.podIPs[*].ip}");
        Set<String> v4 = words(podIps).stream().filter(ip -> !ip.contains(":")).collect(Collectors.toSet());
        Set<String> v6 = words(podIps).stream().filter(ip -> ip.contains(":")).collect(Collectors.toSet());
        assertThat(v4).hasSize(2);
        assertThat(v6).hasSize(2);
        // one EndpointSlice per address family of a dual-stack Service, each with the pods' addresses of that family
        eventually("an IPv4 and an IPv6 slice of prefer", () -> {
            String slices = get("-n", ns, "get", "endpointslices", "-l", "kubernetes.io/service-name=prefer", "-o",
                    "jsonpath={range .items[*]}{.addressType}={.endpoints[*].addresses[0]};{end}");
            List<String> sorted = Arrays.stream(slices.split(";")).filter(s -> !s.isEmpty()).sorted().toList();
            return sorted.size() == 2
                    && Set.copyOf(words(sorted.get(0).substring("IPv4=".length()))).equals(v4) && sorted.get(0).startsWith("IPv4=")
                    && Set.copyOf(words(sorted.get(1).substring("IPv6=".length()))).equals(v6) && sorted.get(1).startsWith("IPv6=");
        });
        // a SingleStack Service gets IPv4 slices only; legacy Endpoints hold the primary family
        eventually("plain's IPv4 slice", () -> get("-n", ns, "get", "endpointslices", "-l", "kubernetes.io/service-name=plain",
                "-o", "jsonpath={range .items[*]}{.addressType}={.endpoints[*].addresses[0]};{end}").matches("IPv4=10[0-9. ]+;"));
        assertThat(Set.copyOf(words(get("-n", ns, "get", "endpoints", "prefer", "-o",
                "jsonpath={.subsets[*].addresses[*].ip}")))).isEqualTo(v4);

        get("delete", "namespace", ns, "--wait=true", "--timeout=90s");
        eventually("the addresses of the namespace's Services released", () -> get("get", "ipaddresses", "-o",
                "jsonpath={range .items[?(@.spec.parentRef.namespace==\"" + ns + "\")]}{.metadata.name} {end}").isEmpty());
    }

    @Test
    void malformedNetworkFlagsAreOneLineErrors() throws Exception {
        Path tmp = Files.createTempDirectory(server.dir, "bad");
        String[][] cases = {
                {"--service-cidr", "10.43.0.0/16,10.44.0.0/16", "both networks are IPv4"},
                {"--cluster-cidr", "10.42.0.0/16,2001:cafe:42::/56,10.44.0.0/16", "at most two networks"},
                {"--cluster-cidr", "10.42.0.0/16,2001:cafe:42::/56", "--kube-controller-manager-arg", "node-cidr-mask-size=24",
                        "not allowed with dual-stack clusters"},
        };
        int i = 0;
        for (String[] c : cases) {
            String[] args = Arrays.copyOf(c, c.length - 1);
            Path data = tmp.resolve("case" + i++);
            try (K3jProcess k3j = K3jProcess.start(data, K3jProcess.freePort(), args)) {
                assertThat(k3j.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(k3j.log().strip().lines()).hasSize(1);
                assertThat(k3j.log()).startsWith("k3j server: error:").contains(c[c.length - 1]);
                assertThat(data.resolve("server")).doesNotExist();
            }
        }
    }
}
