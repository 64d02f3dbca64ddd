package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service cluster IPs and node ports as kubectl 1.33 sees them against the packaged k3j: addresses and ports
 * allocated from --service-cidr and the node port range, requested ones claimed or refused with upstream's texts,
 * IPAddress objects following the Services, the default ServiceCIDR.
 */
@Tag("e2e")
class ServicesIT {

    private static ClassServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        // no add-ons: their Services (kube-dns, metrics-server, ...) would hold addresses too
        server = ClassServer.boot("k3j-services", "--disable=coredns,traefik,local-storage,metrics-server,servicelb",
                "--disable-helm-controller");
        kubectl = server.kubectl;
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
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!cond.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String clusterIp(String ns, String name) {
        return get("-n", ns, "get", "service", name, "-o", "jsonpath={.spec.clusterIP}");
    }

    static int nodePort(String ns, String name) {
        return Integer.parseInt(get("-n", ns, "get", "service", name, "-o", "jsonpath={.spec.ports[0].nodePort}"));
    }

    static List<String> ipAddresses() {
        return words(get("get", "ipaddresses", "-o", "jsonpath={.items[*].metadata.name}"));
    }

    /** The addresses held by Services of one namespace, as their IPAddress objects say. */
    static List<String> ipAddresses(String ns) {
        return words(get("get", "ipaddresses", "-o", "jsonpath={range .items[?(@.spec.parentRef.namespace==\"" + ns
                + "\")]}{.metadata.name} {end}"));
    }

    static List<String> words(String s) {
        return java.util.Arrays.stream(s.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    @Test
    void allocatesRefusesAndReleasesAddressesAndPorts() {
        String ns = "svc-e2e";
        get("create", "namespace", ns);
        try {
            get("-n", ns, "create", "service", "clusterip", "a", "--tcp=80:8080");
            get("-n", ns, "create", "service", "clusterip", "b", "--tcp=80:8080");
            String a = clusterIp(ns, "a");
            String b = clusterIp(ns, "b");
            assertThat(a).startsWith("10.43.").isNotEqualTo(b);
            assertThat(b).startsWith("10.43.");
            assertThat(get("-n", ns, "get", "service", "a")).contains(a).doesNotContain("<none>   80");
            assertThat(get("-n", ns, "get", "service", "a", "-o", "jsonpath={.spec.clusterIPs[0]} {.spec.ipFamilies[0]} "
                    + "{.spec.ipFamilyPolicy}")).isEqualTo(a + " IPv4 SingleStack");

            get("-n", ns, "create", "service", "nodeport", "n1", "--tcp=80:8080");
            get("-n", ns, "create", "service", "nodeport", "n2", "--tcp=80:8080");
            assertThat(nodePort(ns, "n1")).isBetween(30000, 32767).isNotEqualTo(nodePort(ns, "n2"));
            assertThat(nodePort(ns, "n2")).isBetween(30000, 32767);
            assertThat(get("-n", ns, "get", "service", "n1")).contains("80:" + nodePort(ns, "n1") + "/TCP");

            get("-n", ns, "create", "service", "clusterip", "fixed", "--clusterip=10.43.100.100", "--tcp=80");
            assertThat(clusterIp(ns, "fixed")).isEqualTo("10.43.100.100");
            get("-n", ns, "create", "service", "nodeport", "fixednp", "--tcp=80", "--node-port=30080");
            assertThat(nodePort(ns, "fixednp")).isEqualTo(30080);

            Kubectl.Result taken = kubectl.run("-n", ns, "create", "service", "clusterip", "taken",
                    "--clusterip=10.43.100.100", "--tcp=80");
            assertThat(taken.code()).isNotZero();
            assertThat(taken.err()).contains("Service \"taken\" is invalid: spec.clusterIPs: Invalid value: "
                    + "[]string{\"10.43.100.100\"}: failed to allocate IP 10.43.100.100: provided IP is already allocated");
            Kubectl.Result outside = kubectl.run("-n", ns, "create", "service", "clusterip", "outside",
                    "--clusterip=10.0.0.5", "--tcp=80");
            assertThat(outside.code()).isNotZero();
            assertThat(outside.err()).contains("spec.clusterIPs: Invalid value: []string{\"10.0.0.5\"}: failed to allocate "
                    + "IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.43.0.0/16");
            Kubectl.Result portTaken = kubectl.run("-n", ns, "create", "service", "nodeport", "porttaken", "--tcp=80",
                    "--node-port=30080");
            assertThat(portTaken.err()).contains("Service \"porttaken\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: "
                    + "provided port is already allocated");
            Kubectl.Result portOutside = kubectl.run("-n", ns, "create", "service", "nodeport", "portoutside", "--tcp=80",
                    "--node-port=40000");
            assertThat(portOutside.err()).contains("spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the "
                    + "valid range. The range of valid ports is 30000-32767");

            get("-n", ns, "create", "service", "clusterip", "headless", "--clusterip=None");
            assertThat(clusterIp(ns, "headless")).isEqualTo("None");
            get("-n", ns, "create", "service", "externalname", "ext", "--external-name=example.com");
            assertThat(clusterIp(ns, "ext")).isEmpty();

            String dry = get("-n", ns, "create", "service", "clusterip", "dry", "--tcp=80", "--dry-run=server", "-o",
                    "jsonpath={.spec.clusterIP}");
            assertThat(dry).isEqualTo("10.43.0.0");

            assertThat(ipAddresses()).contains("10.43.0.1");
            // a, b, n1, n2, fixed, fixednp: nothing for the refused or dry-run ones, nothing for headless or ExternalName
            assertThat(ipAddresses(ns)).containsExactlyInAnyOrder(a, b, "10.43.100.100", clusterIp(ns, "n1"),
                    clusterIp(ns, "n2"), clusterIp(ns, "fixednp"));
            assertThat(get("get", "ipaddress", "10.43.100.100", "-o",
                    "jsonpath={.spec.parentRef.resource} {.spec.parentRef.namespace}/{.spec.parentRef.name} "
                            + "{.metadata.labels.ipaddress\\.kubernetes\\.io/managed-by}"))
                    .isEqualTo("services " + ns + "/fixed ipallocator.k8s.io");
            assertThat(get("get", "ipaddress", "10.43.0.1", "-o", "jsonpath={.spec.parentRef.namespace}/{.spec.parentRef.name}"))
                    .isEqualTo("default/kubernetes");

            String n1 = clusterIp(ns, "n1");
            get("-n", ns, "delete", "service", "a", "n1", "fixed", "fixednp");
            assertThat(ipAddresses(ns)).doesNotContain(a, n1, "10.43.100.100").contains(b);
            // the freed port and address can be requested again at once
            get("-n", ns, "create", "service", "nodeport", "again", "--tcp=80", "--node-port=30080");
            get("-n", ns, "create", "service", "clusterip", "again2", "--clusterip=10.43.100.100", "--tcp=80");
        } finally {
            kubectl.run("delete", "namespace", ns, "--wait=false");
        }
        // deleting the namespace deletes its Services, and with them their addresses
        eventually("the namespace's addresses released", () -> ipAddresses(ns).isEmpty());
        assertThat(ipAddresses()).contains("10.43.0.1");
    }

    @Test
    void theDefaultServiceCidrNamesTheServiceNetwork() {
        String table = get("get", "servicecidrs");
        assertThat(table.lines().findFirst().orElseThrow()).contains("NAME", "CIDRS", "AGE");
        assertThat(table).containsPattern("kubernetes\\s+10\\.43\\.0\\.0/16");
        assertThat(get("get", "servicecidr", "kubernetes", "-o", "jsonpath={.status.conditions[0].type}={.status.conditions[0].status}"))
                .isEqualTo("Ready=True");
        assertThat(get("get", "service", "kubernetes", "-o", "jsonpath={.spec.clusterIP}")).isEqualTo("10.43.0.1");
    }
}
