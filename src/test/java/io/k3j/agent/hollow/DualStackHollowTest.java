package io.k3j.agent.hollow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.ListOptions;
import io.k3j.client.WriteOptions;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dual-stack server (IPv6 primary, so the order of the flag shows everywhere) with hollow nodes: node IPAM gives
 * each Node a subnet per family, hollow pods report an address per family from them, a dual-stack Service's
 * EndpointSlices come one per address type and its Endpoints in the primary family.
 */
class DualStackHollowTest {

    static final GroupVersionResource SERVICES = new GroupVersionResource("", "v1", "services");
    static final GroupVersionResource SLICES = new GroupVersionResource("discovery.k8s.io", "v1", "endpointslices");
    static final GroupVersionResource ENDPOINTS = new GroupVersionResource("", "v1", "endpoints");
    static final ObjectMapper M = new ObjectMapper();
    @TempDir
    static Path dir;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient client;

    @BeforeAll
    static void boot() {
        server = InProcessServer.start(dir, "--hollow-nodes", "2", "--cluster-cidr", "fd00:42::/56,10.42.0.0/16",
                "--service-cidr", "fd00:43::/112,10.43.0.0/16");
        vertx = Vertx.vertx();
        client = server.adminClient(vertx);
    }

    @AfterAll
    static void shutdown() {
        client.close();
        await(vertx.close());
        server.close();
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isObject() ? n.path("ip").asText() : n.asText()));
        return out;
    }

    @Test
    void podsGetAnAddressPerFamilyAndServicesASlicePerFamily() throws Exception {
        until("two nodes with a subnet per family", Duration.ofSeconds(30), () -> {
            JsonNode nodes = await(client.list(HollowNode.NODES, "", ListOptions.NONE)).path("items");
            int done = 0;
            for (JsonNode n : nodes) {
                List<String> cidrs = texts(n.path("spec").path("podCIDRs"));
                if (cidrs.size() == 2 && cidrs.get(0).matches("fd00:42:(0:[0-9a-f]+:)?:/64") && cidrs.get(1).matches("10\\.42\\.\\d+\\.0/24")
                        && n.path("spec").path("podCIDR").asText().equals(cidrs.get(0))) {
                    done++;
                }
            }
            return done == 2;
        });
        ObjectNode svc = (ObjectNode) M.readTree("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                 "spec":{"ipFamilyPolicy":"RequireDualStack","selector":{"app":"web"},"ports":[{"port":80}]}}""");
        JsonNode created = await(client.create(SERVICES, "default", svc, WriteOptions.manager("t")));
        assertThat(texts(created.at("/spec/ipFamilies"))).containsExactly("IPv6", "IPv4");
        Map<String, List<String>> podIps = new TreeMap<>();
        for (int i = 0; i < 2; i++) {
            ObjectNode pod = HollowNodesTest.pod("web-" + i, "hollow-" + i, null);
            ((ObjectNode) pod.path("metadata")).putObject("labels").put("app", "web");
            await(client.create(HollowPods.PODS, "default", pod, WriteOptions.manager("t")));
        }
        until("pods running with two addresses", Duration.ofSeconds(30), () -> {
            podIps.clear();
            for (int i = 0; i < 2; i++) {
                JsonNode p = await(client.get(HollowPods.PODS, "default", "web-" + i));
                List<String> ips = texts(p.at("/status/podIPs"));
                if (!p.at("/status/phase").asText().equals("Running") || ips.size() != 2) {
                    return false;
                }
                podIps.put("web-" + i, ips);
            }
            return true;
        });
        for (List<String> ips : podIps.values()) {
            assertThat(ips.get(0)).startsWith("fd00:42:");
            assertThat(ips.get(1)).startsWith("10.42.");
        }
        List<String> v6 = podIps.values().stream().map(l -> l.get(0)).sorted().toList();
        List<String> v4 = podIps.values().stream().map(l -> l.get(1)).sorted().toList();
        until("a slice per address type", Duration.ofSeconds(30), () -> {
            JsonNode slices = await(client.list(SLICES, "default",
                    ListOptions.NONE.withLabelSelector("kubernetes.io/service-name=web"))).path("items");
            Map<String, List<String>> byType = new TreeMap<>();
            for (JsonNode s : slices) {
                List<String> addrs = new ArrayList<>();
                s.path("endpoints").forEach(e -> addrs.add(e.at("/addresses/0").asText()));
                byType.put(s.path("addressType").asText(), addrs.stream().sorted().toList());
            }
            return byType.equals(Map.of("IPv4", v4, "IPv6", v6)) && slices.size() == 2;
        });
        until("endpoints in the primary family", Duration.ofSeconds(30), () -> {
            try {
                JsonNode ep = await(client.get(ENDPOINTS, "default", "web"));
                List<String> addrs = new ArrayList<>();
                ep.at("/subsets/0/addresses").forEach(a -> addrs.add(a.path("ip").asText()));
                return addrs.stream().sorted().toList().equals(v6);
            } catch (RuntimeException e) {
                return false;
            }
        });
    }
}
