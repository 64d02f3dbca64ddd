package io.k3j.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.agent.hollow.HollowAgentVerticle;
import io.k3j.agent.join.AgentFiles;
import io.k3j.agent.join.AgentJoin;
import io.k3j.agent.join.JoinException;
import io.k3j.api.GroupVersionResource;
import io.k3j.apiserver.rest.Json;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeApiException;
import io.k3j.client.WriteOptions;
import io.k3j.config.NodeTaint;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An agent joining a real (in-process) server over HTTPS: the pinned CA, the token, the node password, the
 * certificate's identity, and one hollow node running with that identity alone.
 */
class HollowAgentTest {

    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    @TempDir
    static Path dir;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient admin;
    static String token;

    @BeforeAll
    static void boot() throws Exception {
        server = InProcessServer.start(dir.resolve("server"), "--disable-agent");
        vertx = Vertx.vertx();
        admin = server.adminClient(vertx);
        token = Files.readString(server.config().serverDir().resolve("node-token")).strip();
    }

    @AfterAll
    static void shutdown() {
        admin.close();
        await(vertx.close());
        server.close();
    }

    private static AgentJoin.Joined join(String token, String node, String dataDir) {
        return AgentJoin.join(URI.create(server.url()), token, node, new AgentFiles(dir.resolve(dataDir).resolve("agent")),
                Clock.systemUTC());
    }

    @Test
    void joinsAsTheNodeAndReusesItsCertificate() throws Exception {
        AgentJoin.Joined first = join(token, "edge-1", "a1");
        assertThat(first.reusedCertificate()).isFalse();
        assertThat(first.cluster().path("clusterDNS").asText()).isEqualTo("10.43.0.10");
        AgentFiles files = first.files();
        for (Path p : List.of(files.serverCa(), files.clientCa(), files.kubeletCert(), files.kubeletKey(),
                files.kubeletKubeconfig(), files.nodePassword())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.dir()))).isEqualTo("rwx------");
        assertThat(Files.readString(files.serverCa())).isEqualTo(Files.readString(server.config().tlsDir().resolve("server-ca.crt")));
        // The server recorded the node password.
        ObjectNode secret = await(admin.get(new GroupVersionResource("", "v1", "secrets"), "kube-system",
                "edge-1.node-password.k3s"));
        assertThat(secret.path("data").path("hash").asText()).isNotEmpty();

        String cert = Files.readString(files.kubeletCert());
        AgentJoin.Joined again = join(token, "edge-1", "a1");
        assertThat(again.reusedCertificate()).isTrue();
        assertThat(Files.readString(files.kubeletCert())).isEqualTo(cert);

        // The same data dir under another name gets a new certificate for that name.
        assertThat(join(token, "edge-1b", "a1").reusedCertificate()).isFalse();
    }

    @Test
    void badTokensAndNamesAreRefusedWithOneLine() throws Exception {
        String hash = token.substring(3, token.indexOf("::"));
        String otherCa = "K10" + "0".repeat(64) + token.substring(token.indexOf("::"));
        assertThatThrownBy(() -> join(otherCa, "bad-1", "b1")).isInstanceOf(JoinException.class)
                .hasMessageStartingWith("the token's CA hash does not match the server's CA certificate (token "
                        + "0".repeat(64) + ", server " + hash + ")");
        String wrongPassword = token.substring(0, token.lastIndexOf(':') + 1) + "wrong";
        assertThatThrownBy(() -> join(wrongPassword, "bad-1", "b1")).isInstanceOf(JoinException.class)
                .hasMessageStartingWith("the server refused the token (401 Unauthorized)");
        assertThat(Files.exists(dir.resolve("b1/agent/client-kubelet.crt"))).isFalse();

        int closed = io.k3j.e2e.K3jProcess.freePort();
        assertThatThrownBy(() -> AgentJoin.join(URI.create("https://127.0.0.1:" + closed), token, "bad-1",
                new AgentFiles(dir.resolve("b2/agent")), Clock.systemUTC())).isInstanceOf(JoinException.class)
                .hasMessage("cannot reach the server at https://127.0.0.1:" + closed + ": connection refused");

        // Another machine (another node password) cannot take a registered node's name.
        join(token, "taken", "c1");
        assertThatThrownBy(() -> join(token, "taken", "c2")).isInstanceOf(JoinException.class)
                .hasMessageContaining("answered 403: unable to verify password for node \"taken\"");
    }

    @Test
    void hollowAgentRegistersHeartbeatsAndRunsItsPods() throws Exception {
        // A node that takes the first podCIDR (10.42.0.0/24), so the agent's node gets another and the pod IP check
        // below tells "from the podCIDR" from the fallback 10.42.<index 0>.x.
        await(admin.create(NODES, "", (ObjectNode) Json.MAPPER.readTree(
                "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"placeholder\"}}"),
                WriteOptions.manager("test")));
        until("placeholder podCIDR", Duration.ofSeconds(20), () ->
                !await(admin.get(NODES, "", "placeholder")).path("spec").path("podCIDR").asText("").isEmpty());
        AgentJoin.Joined joined = join(token, "remote-1", "h1");
        String deployment = await(vertx.deployVerticle(new HollowAgentVerticle(joined.kubeletClient("test"), "remote-1",
                "192.0.2.7", Map.of("cpu", "3", "memory", "4Gi", "pods", "20"), Map.of("zone", "z1"),
                List.of(new NodeTaint("dedicated", "edge", "NoSchedule")))));
        try {
            ObjectNode node = await(admin.get(NODES, "", "remote-1"));
            assertThat(node.path("metadata").path("labels").path("zone").asText()).isEqualTo("z1");
            assertThat(node.path("spec").path("taints").toString()).contains("\"key\":\"dedicated\"", "\"value\":\"edge\"");
            until("node Ready", Duration.ofSeconds(20), () -> ready(await(admin.get(NODES, "", "remote-1"))));
            node = await(admin.get(NODES, "", "remote-1"));
            assertThat(node.path("status").path("capacity").path("cpu").asText()).isEqualTo("3");
            assertThat(node.path("status").path("addresses").toString()).contains("192.0.2.7");
            until("lease", Duration.ofSeconds(20), () -> {
                try {
                    return await(admin.get(new GroupVersionResource("coordination.k8s.io", "v1", "leases"),
                            "kube-node-lease", "remote-1")).path("spec").path("holderIdentity").asText().equals("remote-1");
                } catch (KubeApiException e) {
                    return false;
                }
            });
            // Node IPAM gives the node a podCIDR; the agent's node watch (metadata.name=remote-1) sees it and takes pod
            // IPs from it.
            until("podCIDR", Duration.ofSeconds(20), () ->
                    !await(admin.get(NODES, "", "remote-1")).path("spec").path("podCIDR").asText("").isEmpty());
            String podCidr = await(admin.get(NODES, "", "remote-1")).path("spec").path("podCIDR").asText();
            ObjectNode pod = (ObjectNode) Json.MAPPER.readTree("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","namespace":"default"},
                     "spec":{"nodeName":"remote-1","containers":[{"name":"c","image":"nginx"}]}}""");
            await(admin.create(PODS, "default", pod, WriteOptions.manager("test")));
            until("pod Running", Duration.ofSeconds(20), () ->
                    await(admin.get(PODS, "default", "p1")).path("status").path("phase").asText().equals("Running"));
            ObjectNode running = await(admin.get(PODS, "default", "p1"));
            assertThat(running.path("status").path("hostIP").asText()).isEqualTo("192.0.2.7");
            assertThat(podCidr).isNotEqualTo("10.42.0.0/24");
            assertThat(io.k3j.config.Cidr.parse(podCidr).contains(java.net.InetAddress.getByName(
                    running.path("status").path("podIP").asText()))).as(running.path("status").toString()).isTrue();
        } finally {
            await(vertx.undeploy(deployment));
            await(admin.delete(NODES, "", "placeholder", io.k3j.client.DeleteOptions.DEFAULT));
        }
    }

    private static boolean ready(ObjectNode node) {
        for (var c : node.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }
}
