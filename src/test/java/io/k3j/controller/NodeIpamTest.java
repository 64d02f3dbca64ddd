package io.k3j.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static io.k3j.controller.NamespaceControllerTest.named;
import static org.assertj.core.api.Assertions.assertThat;

/** Node IPAM: a /24 of --cluster-cidr per Node, never one that a Node already holds. */
class NodeIpamTest {

    static final GroupVersionResource NODES = NamespaceControllerTest.NODES;
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");

    @TempDir
    static Path dir;
    static CoreControllerServer k3j;

    @BeforeAll
    static void boot() {
        k3j = CoreControllerServer.start(dir, "--cluster-cidr", "10.99.0.0/22");
    }

    @AfterAll
    static void shutdown() {
        if (k3j != null) {
            k3j.close();
        }
    }

    static String cidrOf(String node) {
        ObjectNode n = k3j.waitFor("pod CIDR of " + node, NODES, "", node, o -> o.path("spec").has("podCIDR"));
        assertThat(n.path("spec").path("podCIDRs").toString()).isEqualTo("[\"" + n.path("spec").path("podCIDR").asText() + "\"]");
        return n.path("spec").path("podCIDR").asText();
    }

    @Test
    void nodesGetDistinctSubnetsAndKeepTheirOwn() {
        ObjectNode preset = named("v1", "Node", "preset");
        preset.putObject("spec").put("podCIDR", "10.99.0.0/24").putArray("podCIDRs").add("10.99.0.0/24");
        k3j.create(NODES, "", preset);
        Set<String> seen = new HashSet<>(Set.of("10.99.0.0/24"));
        for (String n : new String[]{"a", "b", "c"}) {
            k3j.create(NODES, "", named("v1", "Node", n));
            String cidr = cidrOf(n);
            assertThat(cidr).matches("10\\.99\\.[0-3]\\.0/24");
            assertThat(seen.add(cidr)).as("distinct: " + cidr).isTrue();
        }
        assertThat(cidrOf("preset")).isEqualTo("10.99.0.0/24");

        // The /22 holds four /24s: a fifth node waits (with an event saying so) until one is released.
        k3j.create(NODES, "", named("v1", "Node", "d"));
        CoreControllerServer.poll("CIDRNotAvailable event", () -> k3j.list(EVENTS, "default").stream().anyMatch(e ->
                e.path("reason").asText().equals("CIDRNotAvailable") && e.path("involvedObject").path("name").asText().equals("d")
                        && e.path("message").asText().equals("Node d status is now: CIDRNotAvailable")));
        assertThat(k3j.getOrNull(NODES, "", "d").path("spec").has("podCIDR")).isFalse();
        String freed = cidrOf("a");
        k3j.delete(NODES, "", "a", DeleteOptions.DEFAULT);
        assertThat(cidrOf("d")).isEqualTo(freed);
        for (String n : new String[]{"preset", "b", "c", "d"}) {
            k3j.delete(NODES, "", n, DeleteOptions.DEFAULT);
        }
    }
}
