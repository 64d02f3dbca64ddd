package io.k3j.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFilesTest {

    @TempDir
    Path dir;

    @Test
    void dropInsOverrideInNameOrderAndPlusAppends() throws Exception {
        Path main = dir.resolve("config.yaml");
        Files.writeString(main, """
                write-kubeconfig-mode: "0644"
                tls-san:
                  - a.example
                disable: traefik
                debug: true
                """);
        Files.createDirectories(dir.resolve("config.yaml.d"));
        Files.writeString(dir.resolve("config.yaml.d/20-second.yaml"), """
                tls-san+: [c.example]
                disable: [coredns]
                """);
        Files.writeString(dir.resolve("config.yaml.d/10-first.yaml"), "tls-san+:\n  - b.example\n");
        Files.writeString(dir.resolve("config.yaml.d/ignored.txt"), "tls-san: [nope]\n");

        Map<String, List<String>> m = ConfigFiles.load(main, true);
        assertThat(m.get("tls-san")).containsExactly("a.example", "b.example", "c.example");
        assertThat(m.get("disable")).containsExactly("coredns");
        assertThat(m.get("write-kubeconfig-mode")).containsExactly("0644");
        assertThat(m.get("debug")).containsExactly("true");
    }

    @Test
    void missingDefaultFileIsFineButMissingNamedFileIsNot() {
        assertThat(ConfigFiles.load(dir.resolve("none.yaml"), false)).isEmpty();
        assertThatThrownBy(() -> ConfigFiles.load(dir.resolve("none.yaml"), true))
                .hasMessageContaining("does not exist");
    }

    @Test
    void malformedYamlNamesTheFile() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "tls-san: [a, b\n");
        assertThatThrownBy(() -> ConfigFiles.load(bad, true)).hasMessageContaining(bad.toString())
                .hasMessageContaining("not valid YAML");
        Files.writeString(bad, "- just\n- a list\n");
        assertThatThrownBy(() -> ConfigFiles.load(bad, true)).hasMessageContaining("must be a YAML mapping");
        Files.writeString(bad, "tls-san: {nested: map}\n");
        assertThatThrownBy(() -> ConfigFiles.load(bad, true)).hasMessageContaining("scalar");
    }
}
