package io.k3j.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell around the commands: one line naming the problem and exit code 1 for bad input. */
class MainTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        return run(Main.commandLine(), args);
    }

    private static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionNamesK3jAndKubernetes() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("k3j version \\S+").containsPattern("kubernetes version v1\\.33\\.\\d+");
    }

    @Test
    void unknownFlagIsOneLineAndExitOne() {
        Run r = run("server", "--no-such-flag");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("k3j server: error: ").contains("--no-such-flag");
    }

    @Test
    void badValueIsOneLineAndExitOne() {
        Run r = run("server", "--https-listen-port", "sixty");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("sixty");
    }

    @Test
    void agentWithoutHollowIsOneLineAndExitOne() {
        Run r = run("agent", "--server", "https://127.0.0.1:6443", "--token", "secret");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("k3j agent: error: the containerd kubelet is not built yet");
    }

    @Test
    void helpListsEverySubcommandButTheHiddenOne() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsSubsequence("server", "agent", "kubectl", "check-config", "certificate", "datastore",
                "secrets-encrypt").doesNotContain("aot-train");
    }

    @Test
    void aTreeBuiltForOneSubcommandParsesItAsTheWholeTreeDoes() {
        assertThat(Main.commandLine("server").getSubcommands()).containsOnlyKeys("server");
        Run r = run(Main.commandLine("server"), "server", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: k3j server").contains("--data-dir");
        Run bad = run(Main.commandLine("server"), "server", "--no-such-flag");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("k3j server: error: ").contains("--no-such-flag");
    }

    @Test
    void anUnknownCommandGetsTheWholeTree() {
        assertThat(Main.commandLine("no-such-command").getSubcommands().keySet())
                .containsExactlyElementsOf(Main.SUBCOMMANDS.keySet());
        assertThat(Main.commandLine(null).getSubcommands()).hasSameSizeAs(Main.SUBCOMMANDS);
    }
}
