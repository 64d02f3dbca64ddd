package io.k3j.addons.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PackagedManifestsTest {

    static final String ROOT = "io/k3j/addons/packaged-test";

    @TempDir
    Path dir;

    Map<String, String> vars() {
        return PackagedManifests.templateVars("10.43.0.10", "cluster.local", Path.of("/var/lib/rancher/k3j/storage"),
                "registry.example:5000");
    }

    @Test
    void stagesEveryManifestWithK3sTemplateVariablesFilledIn() throws Exception {
        assertThat(PackagedManifests.stage(ROOT, dir, vars(), Set.of())).containsExactly("dns.yaml", "sub/extra.yml");
        String dns = Files.readString(dir.resolve("dns.yaml"));
        assertThat(dns).contains("dns: \"10.43.0.10\"", "domain: \"cluster.local\"",
                "storage: \"/var/lib/rancher/k3j/storage\"", "image: \"registry.example:5000/rancher/mirrored-coredns:1.12\"");
        assertThat(dns).doesNotContain("%{");
        assertThat(Files.getPosixFilePermissions(dir.resolve("dns.yaml")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(dir.resolve("sub/README.md")).doesNotExist();
    }

    @Test
    void editsAreOverwrittenAtEveryStartUnlessFrozen() throws Exception {
        PackagedManifests.stage(ROOT, dir, vars(), Set.of());
        Files.writeString(dir.resolve("dns.yaml"), "edited");
        Files.writeString(dir.resolve("sub/extra.yml"), "edited");
        Files.writeString(dir.resolve("sub/extra.yml.skip"), "");
        assertThat(PackagedManifests.stage(ROOT, dir, vars(), Set.of())).containsExactly("dns.yaml");
        assertThat(Files.readString(dir.resolve("dns.yaml"))).contains("10.43.0.10");
        assertThat(Files.readString(dir.resolve("sub/extra.yml"))).isEqualTo("edited");
    }

    @Test
    void disabledManifestsAreNotWritten() throws Exception {
        assertThat(PackagedManifests.stage(ROOT, dir, vars(), Set.of("sub"))).containsExactly("dns.yaml");
        assertThat(dir.resolve("sub/extra.yml")).doesNotExist();
    }

    @Test
    void noRegistryMeansNoPrefix() {
        Map<String, String> v = PackagedManifests.templateVars("10.43.0.10", "cluster.local", Path.of("/s"), "");
        assertThat(PackagedManifests.substitute("%{SYSTEM_DEFAULT_REGISTRY}%rancher/x %{CLUSTER_DNS_LIST}%", v))
                .isEqualTo("rancher/x [10.43.0.10]");
    }
}
