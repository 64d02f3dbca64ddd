package io.k3j.cli;

import io.k3j.config.AgentConfig;
import io.k3j.config.NodeTaint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `k3j agent`'s settings: K3s's flags and K3J_* variables, one config.yaml shared with the server. */
class AgentConfigTest {

    private static final String TOKEN = "K10" + "ab".repeat(32) + "::node:secret";

    @TempDir
    Path dir;

    private AgentConfig parse(List<String> args, Map<String, String> env) throws Exception {
        List<String> merged = MergedArgs.merge(AgentCommand::new, args, env, AgentCommand.ENV, dir.resolve("config.yaml"),
                MergedArgs.optionOf(ServerCommand::new));
        AgentCommand cmd = new AgentCommand();
        new CommandLine(cmd).parseArgs(merged.toArray(String[]::new));
        return cmd.toConfig();
    }

    @Test
    void flagsAndDefaults() throws Exception {
        AgentConfig c = parse(List.of("--hollow", "-s", "https://10.0.0.1:6443/", "-t", TOKEN, "--node-name", "edge-1",
                "-d", dir.toString(), "--node-label", "zone=a,tier=web", "--node-label", "x.example/y=z",
                "--node-taint", "dedicated=gpu:NoSchedule", "--node-taint", "spot:PreferNoSchedule",
                "--hollow-node-capacity", "cpu=2,pods=30"), Map.of());
        assertThat(c.server().toString()).isEqualTo("https://10.0.0.1:6443");
        assertThat(c.token()).isEqualTo(TOKEN);
        assertThat(c.nodeName()).isEqualTo("edge-1");
        assertThat(c.agentDir()).isEqualTo(dir.resolve("agent"));
        assertThat(c.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("zone", "a", "tier", "web", "x.example/y", "z"));
        assertThat(c.taints()).containsExactly(new NodeTaint("dedicated", "gpu", "NoSchedule"),
                new NodeTaint("spot", "", "PreferNoSchedule"));
        assertThat(c.capacity()).containsEntry("cpu", "2").containsEntry("pods", "30").containsEntry("memory", "8Gi");
        assertThat(c.nodeIp()).isEmpty();
        assertThat(c.toString()).doesNotContain("secret");
    }

    @Test
    void environmentAndSharedConfigFile() throws Exception {
        // Server-only keys in the shared file are skipped; the agent's own are taken; env beats the file.
        Files.writeString(dir.resolve("config.yaml"), """
                write-kubeconfig-mode: "0644"
                cluster-cidr: 10.42.0.0/16
                node-name: from-file
                node-label: [role=edge]
                hollow: true
                """);
        AgentConfig c = parse(List.of("-d", dir.toString()), Map.of("K3J_URL", "https://server.example:6443",
                "K3J_TOKEN", TOKEN, "K3J_NODE_NAME", "from-env"));
        assertThat(c.server().getHost()).isEqualTo("server.example");
        assertThat(c.nodeName()).isEqualTo("from-env");
        assertThat(c.labels()).containsExactlyEntriesOf(Map.of("role", "edge"));
        assertThat(c.hollow()).isTrue();

        Files.writeString(dir.resolve("config.yaml"), "no-such-flag: 1\n");
        assertThatThrownBy(() -> parse(List.of(), Map.of())).hasMessageContaining("unknown key \"no-such-flag\"");
    }

    @Test
    void tokenFromFileAndProblemsNamed() throws Exception {
        Path tf = dir.resolve("node-token");
        Files.writeString(tf, TOKEN + "\n");
        List<String> base = List.of("--hollow", "-s", "https://127.0.0.1:6443", "-d", dir.toString());
        assertThat(parse(concat(base, "--token-file", tf.toString()), Map.of()).token()).isEqualTo(TOKEN);
        assertThatThrownBy(() -> parse(concat(base, "--token-file", tf.toString(), "-t", TOKEN), Map.of()))
                .hasMessageContaining("mutually exclusive");
        assertThatThrownBy(() -> parse(base, Map.of())).hasMessageContaining("--token or --token-file is required");
        assertThatThrownBy(() -> parse(concat(base, "-t", "K10abc::node:pw"), Map.of()))
                .hasMessage("--token: token starts with K10 but the CA hash is not 64 hex characters");
        assertThatThrownBy(() -> parse(List.of("--hollow", "-t", TOKEN), Map.of())).hasMessageContaining("--server is required");
        assertThatThrownBy(() -> parse(List.of("--hollow", "-t", TOKEN, "-s", "http://x:6443"), Map.of()))
                .hasMessageContaining("is not an https://host:port URL");
        assertThatThrownBy(() -> parse(concat(base, "-t", TOKEN, "--node-name", "Bad_Name"), Map.of()))
                .hasMessageContaining("--node-name");
        assertThatThrownBy(() -> parse(concat(base, "-t", TOKEN, "--node-taint", "a=b:Sometimes"), Map.of()))
                .hasMessageContaining("--node-taint \"a=b:Sometimes\" is not key[=value]:Effect");
        assertThatThrownBy(() -> parse(concat(base, "-t", TOKEN, "--node-label", "novalue"), Map.of()))
                .hasMessageContaining("--node-label \"novalue\" is not key=value");
        assertThatThrownBy(() -> parse(concat(base, "-t", TOKEN, "--hollow-node-capacity", "cpu=lots"), Map.of()))
                .hasMessageContaining("--hollow-node-capacity");
    }

    @Test
    void withoutHollowItSaysTheKubeletIsNotBuilt() {
        assertThatThrownBy(() -> parse(List.of("-s", "https://127.0.0.1:6443", "-t", TOKEN), Map.of()))
                .hasMessage("the containerd kubelet is not built yet: only hollow nodes can join for now (add --hollow)");
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
