package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `k3j agent --hollow` as its own process against a `k3j server --disable-agent`, with real kubectl: the node joins
 * with the server's node-token and turns Ready, a pod goes Running on it, the agent's kubeconfig is
 * system:node:&lt;name&gt; and confined by the Node authorizer, SIGTERM stops it in order, a restart reuses its
 * credentials, and bad tokens or an unreachable server fail with one line and exit 1.
 */
@Tag("e2e")
class AgentIT {

    private static final String NODE = "remote-1";
    private static Path dir;
    private static K3jProcess server;
    private static Kubectl kubectl;
    private static final List<K3jProcess> agents = new ArrayList<>();

    @BeforeAll
    static void boot() throws Exception {
        dir = Files.createTempDirectory("k3j-agent");
        Files.writeString(dir.resolve("empty.yaml"), "");
        server = K3jProcess.start(dir.resolve("server"), K3jProcess.freePort(), "--disable-agent")
                .awaitReady(Duration.ofSeconds(90));
        kubectl = new Kubectl(server.kubeconfig());
    }

    @AfterAll
    static void stop() throws Exception {
        for (K3jProcess a : agents) {
            a.close();
        }
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path nodeToken() {
        return server.dataDir().resolve("server/node-token");
    }

    /** `k3j agent --hollow` with an empty config file and its own data dir. */
    private static K3jProcess agent(String dataDir, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(K3jProcess.executable().toString(), "agent", "--hollow",
                "--config", dir.resolve("empty.yaml").toString(),
                "--server", "https://127.0.0.1:" + server.port(),
                "--data-dir", dir.resolve(dataDir).toString()));
        cmd.addAll(List.of(extra));
        K3jProcess p = K3jProcess.launch(dir.resolve(dataDir), server.port(), cmd);
        agents.add(p);
        return p;
    }

    private static String get(String... args) {
        return kubectl.run(args).assertOk().out().strip();
    }

    private static String readyOf(String node) {
        Kubectl.Result r = kubectl.run("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
        return r.code() == 0 ? r.out().strip() : "";
    }

    @Test
    void hollowAgentJoinsRunsPodsStopsAndRejoins() throws Exception {
        K3jProcess agent = agent("agent-1", "--token-file", nodeToken().toString(), "--node-name", NODE,
                "--node-label", "zone=remote", "--hollow-node-capacity", "cpu=8,pods=50");
        eventually("node " + NODE + " Ready", () -> {
            assertThat(agent.process().isAlive()).as("agent alive:\n" + agent.log()).isTrue();
            return readyOf(NODE).equals("True");
        });
        assertThat(get("get", "nodes", "--no-headers")).contains(NODE + "   Ready");
        assertThat(get("get", "node", NODE, "-o", "jsonpath={.metadata.labels.zone} {.status.capacity.cpu}"))
                .isEqualTo("remote 8");

        // A pod scheduled there (the only node: the server runs none) goes Running.
        get("run", "web", "--image=nginx:1.25");
        eventually("pod web Running", () -> get("get", "pod", "web", "-o", "jsonpath={.status.phase}").equals("Running"));
        assertThat(get("get", "pod", "web", "-o", "jsonpath={.spec.nodeName}")).isEqualTo(NODE);

        // The agent's own kubeconfig is the node's identity, confined as a kubelet is.
        Path agentDir = dir.resolve("agent-1/agent");
        Kubectl asNode = new Kubectl(agentDir.resolve("kubelet.kubeconfig"));
        assertThat(asNode.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").assertOk().out().strip())
                .isEqualTo("system:node:" + NODE);
        Kubectl.Result secrets = asNode.run("get", "secrets", "-n", "kube-system");
        assertThat(secrets.code()).isNotZero();
        assertThat(secrets.err()).contains("Forbidden");
        for (String f : List.of("server-ca.crt", "client-ca.crt", "client-kubelet.crt", "client-kubelet.key",
                "kubelet.kubeconfig", "node-password")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agentDir.resolve(f)))).as(f)
                    .isEqualTo("rw-------");
        }
        String cert = Files.readString(agentDir.resolve("client-kubelet.crt"));

        // SIGTERM: an orderly stop.
        assertThat(agent.stop()).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(agent.log()).contains("msg=\"shutting down\"").contains("msg=\"stopped\"");

        // A restart reuses the saved credentials and serves pods again.
        K3jProcess again = agent("agent-1", "--token-file", nodeToken().toString(), "--node-name", NODE);
        eventually("restarted agent running", () -> {
            assertThat(again.process().isAlive()).as("agent alive:\n" + again.log()).isTrue();
            return again.log().contains("k3j agent is running");
        });
        assertThat(again.log()).contains("certificate=reused");
        assertThat(Files.readString(agentDir.resolve("client-kubelet.crt"))).isEqualTo(cert);
        get("run", "web2", "--image=nginx:1.25");
        eventually("pod web2 Running", () -> get("get", "pod", "web2", "-o", "jsonpath={.status.phase}").equals("Running"));
        assertThat(readyOf(NODE)).isEqualTo("True");
        assertThat(again.stop()).isIn(0, 143);
    }

    @Test
    void badTokensAndAnUnreachableServerFailWithOneLine() throws Exception {
        String token = Files.readString(nodeToken()).strip();
        String wrongPassword = token.substring(0, token.lastIndexOf(':') + 1) + "not-the-password";
        assertFailsWith(agent("bad-1", "--token", wrongPassword, "--node-name", "bad-1"),
                "k3j agent: error: the server refused the token (401 Unauthorized)");
        String wrongCa = "K10" + "1".repeat(64) + token.substring(token.indexOf("::"));
        assertFailsWith(agent("bad-2", "--token", wrongCa, "--node-name", "bad-2"),
                "k3j agent: error: the token's CA hash does not match the server's CA certificate");
        int closed = K3jProcess.freePort();
        List<String> cmd = List.of(K3jProcess.executable().toString(), "agent", "--hollow",
                "--config", dir.resolve("empty.yaml").toString(), "--server", "https://127.0.0.1:" + closed,
                "--token", token, "--node-name", "bad-3", "--data-dir", dir.resolve("bad-3").toString());
        K3jProcess unreachable = K3jProcess.launch(dir.resolve("bad-3"), closed, cmd);
        agents.add(unreachable);
        assertFailsWith(unreachable, "k3j agent: error: cannot reach the server at https://127.0.0.1:" + closed
                + ": connection refused");
        assertThat(kubectl.run("get", "node", "bad-1").code()).isNotZero();
        assertThat(kubectl.run("get", "node", "bad-2").code()).isNotZero();
    }

    private static void assertFailsWith(K3jProcess p, String line) throws InterruptedException {
        assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.log()).isEqualTo(1);
        List<String> lines = p.log().strip().lines().toList();
        assertThat(lines).as(p.log()).hasSize(1);
        assertThat(lines.getFirst()).startsWith(line);
        assertThat(p.log()).doesNotContain(line.contains("401") ? "not-the-password" : "\tat ");
    }

    private static void eventually(String what, Supplier<Boolean> cond) {
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
}
