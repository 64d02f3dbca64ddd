package io.k3j.cli;

import io.k3j.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Precedence of the three sources: config file < environment < flags, as in K3s. */
class ServerConfigMergeTest {

    @TempDir
    Path dir;

    private ServerConfig parse(List<String> args, Map<String, String> env) throws Exception {
        List<String> merged = MergedArgs.merge(ServerCommand::new, args, env, ServerCommand.ENV, dir.resolve("config.yaml"));
        ServerCommand cmd = new ServerCommand();
        new CommandLine(cmd).parseArgs(merged.toArray(String[]::new));
        return cmd.toConfig();
    }

    @Test
    void defaultsAreK3sDefaults() throws Exception {
        ServerConfig c = parse(List.of(), Map.of());
        assertThat(c.httpsPort()).isEqualTo(6443);
        assertThat(c.clusterCidr().toString()).isEqualTo("10.42.0.0/16");
        assertThat(c.serviceCidr().toString()).isEqualTo("10.43.0.0/16");
        assertThat(c.clusterDns()).extracting(java.net.InetAddress::getHostAddress).containsExactly("10.43.0.10");
        assertThat(c.apiServiceIp().getHostAddress()).isEqualTo("10.43.0.1");
        assertThat(c.clusterDomain()).isEqualTo("cluster.local");
        assertThat(c.kubeconfigMode()).isEqualTo(0600);
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.datastoreEndpoint()).isEmpty();
        assertThat(c.snapshotCron()).isEqualTo("0 */12 * * *");
        assertThat(c.snapshotRetention()).isEqualTo(5);
    }

    @Test
    void fileLosesToEnvWhichLosesToFlags() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), """
                node-name: from-file
                token: file-token
                https-listen-port: 7000
                tls-san: [file.example]
                disable-agent: true
                """);
        ServerConfig fileOnly = parse(List.of(), Map.of());
        assertThat(fileOnly.nodeName()).isEqualTo("from-file");
        assertThat(fileOnly.httpsPort()).isEqualTo(7000);
        assertThat(fileOnly.disableAgent()).isTrue();
        assertThat(fileOnly.tlsSans()).containsExactly("file.example");

        ServerConfig env = parse(List.of(), Map.of("K3J_NODE_NAME", "from-env", "K3J_TOKEN", "env-token"));
        assertThat(env.nodeName()).isEqualTo("from-env");
        assertThat(env.token()).contains("env-token");
        assertThat(env.httpsPort()).isEqualTo(7000);

        ServerConfig flags = parse(List.of("--node-name", "from-flag", "--tls-san", "a.example,b.example",
                "--https-listen-port=8000"), Map.of("K3J_NODE_NAME", "from-env"));
        assertThat(flags.nodeName()).isEqualTo("from-flag");
        assertThat(flags.httpsPort()).isEqualTo(8000);
        // A repeatable flag on the command line replaces the file's list instead of adding to it.
        assertThat(flags.tlsSans()).containsExactly("a.example", "b.example");
    }

    @Test
    void configFileCanBeNamedByFlagOrEnvAndMustThenExist() throws Exception {
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, "cluster-domain: example.internal\n");
        assertThat(parse(List.of("--config", other.toString()), Map.of()).clusterDomain()).isEqualTo("example.internal");
        assertThat(parse(List.of(), Map.of("K3J_CONFIG_FILE", other.toString())).clusterDomain()).isEqualTo("example.internal");
        assertThatThrownBy(() -> parse(List.of("-c", dir.resolve("absent.yaml").toString()), Map.of()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void unknownKeyInConfigFileIsAnError() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "no-such-flag: 1\n");
        assertThatThrownBy(() -> parse(List.of(), Map.of())).hasMessageContaining("unknown key \"no-such-flag\"");
    }

    @Test
    void invalidValuesNameTheFlag() {
        assertThatThrownBy(() -> parse(List.of("--cluster-cidr", "10.42.0.0/33"), Map.of())).hasMessageContaining("--cluster-cidr");
        assertThatThrownBy(() -> parse(List.of("--service-cidr", "10.43.0.5/16"), Map.of())).hasMessageContaining("host bits");
        assertThatThrownBy(() -> parse(List.of("--cluster-dns", "10.44.0.10"), Map.of())).hasMessageContaining("not inside --service-cidr");
        assertThatThrownBy(() -> parse(List.of("--write-kubeconfig-mode", "rw"), Map.of())).hasMessageContaining("octal");
        assertThatThrownBy(() -> parse(List.of("--https-listen-port", "70000"), Map.of())).hasMessageContaining("not a port");
        assertThatThrownBy(() -> parse(List.of("--disable", "traefik,bogus"), Map.of())).hasMessageContaining("\"bogus\" is not a packaged component");
        assertThatThrownBy(() -> parse(List.of("--node-name", "Bad_Name"), Map.of())).hasMessageContaining("--node-name");
        assertThatThrownBy(() -> parse(List.of("--kube-apiserver-arg", "bogus=1"), Map.of())).hasMessageContaining("not supported");
        assertThatThrownBy(() -> parse(List.of("--bind-address", "localhost"), Map.of())).hasMessageContaining("--bind-address");
        assertThatThrownBy(() -> parse(List.of("--https-listen-port", "x"), Map.of())).isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void tokenFileIsReadAndExclusiveWithToken() throws Exception {
        Path tf = dir.resolve("token");
        Files.writeString(tf, "secret-from-file\n");
        assertThat(parse(List.of("--token-file", tf.toString()), Map.of()).token()).contains("secret-from-file");
        assertThatThrownBy(() -> parse(List.of("--token-file", tf.toString(), "--token", "x"), Map.of()))
                .hasMessageContaining("mutually exclusive");
    }

    @Test
    void secretsEncryptionAndItsProviderComeFromTheConfigFileToo() throws Exception {
        assertThat(parse(List.of(), Map.of()).secretsEncryption()).isFalse();
        assertThat(parse(List.of(), Map.of()).secretsEncryptionProvider()).isEqualTo("aescbc");
        Files.writeString(dir.resolve("config.yaml"), """
                secrets-encryption: true
                secrets-encryption-provider: secretbox
                kube-apiserver-arg:
                - audit-log-path=/var/log/k3j/audit.log
                - audit-log-maxbackup=3
                """);
        ServerConfig c = parse(List.of(), Map.of());
        assertThat(c.secretsEncryption()).isTrue();
        assertThat(c.secretsEncryptionProvider()).isEqualTo("secretbox");
        assertThat(c.apiServerArgs().get("audit-log-path", null)).isEqualTo("/var/log/k3j/audit.log");
        assertThat(parse(List.of("--secrets-encryption-provider", "aesgcm"), Map.of()).secretsEncryptionProvider()).isEqualTo("aesgcm");
        assertThatThrownBy(() -> parse(List.of("--secrets-encryption-provider", "kms"), Map.of()))
                .hasMessage("--secrets-encryption-provider \"kms\" is not supported (supported: aescbc, aesgcm, secretbox)");
    }
}
