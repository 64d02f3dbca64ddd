package io.k3j.addons.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestScannerTest {

    @TempDir
    Path dir;

    void write(String rel) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x: 1\n");
    }

    @Test
    void findsManifestsInSubdirectoriesAnyCaseAndIgnoresTheRest() throws Exception {
        for (String f : List.of("a.yaml", "b.YML", "c.Json", "sub/deeper/d.yaml", "notes.txt", ".hidden.yaml",
                ".git/e.yaml", "traefik-config.extra.yaml")) {
            write(f);
        }
        ManifestScanner.Result r = ManifestScanner.scan(dir);
        assertThat(r.files()).extracting(ManifestFile::relative)
                .containsExactly("a.yaml", "b.YML", "c.Json", "sub/deeper/d.yaml", "traefik-config.extra.yaml");
        assertThat(r.files()).extracting(ManifestFile::addonName)
                .containsExactly("a", "b", "c", "d", "traefik-config");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void invalidAndDuplicateNamesAreProblemsNotFiles() throws Exception {
        write("my_app.yaml");
        write("x/dup.yaml");
        write("y/dup.yaml");
        write("UPPER.yaml");
        ManifestScanner.Result r = ManifestScanner.scan(dir);
        assertThat(r.files()).extracting(ManifestFile::relative).containsExactly("x/dup.yaml");
        assertThat(r.problems()).extracting(p -> dir.relativize(p.path()).toString())
                .containsExactlyInAnyOrder("UPPER.yaml", "my_app.yaml", "y/dup.yaml");
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.message()).contains("already used by x/dup.yaml"));
    }

    @Test
    void aSkipFileFreezesItsManifest() throws Exception {
        write("frozen.yaml");
        write("frozen.yaml.skip");
        write("live.yaml");
        ManifestScanner.Result r = ManifestScanner.scan(dir);
        assertThat(r.files()).extracting(ManifestFile::relative).containsExactly("live.yaml");
        assertThat(r.skipped()).extracting(ManifestFile::relative).containsExactly("frozen.yaml");
    }

    @Test
    void aMissingDirectoryHasNoManifests() throws Exception {
        assertThat(ManifestScanner.scan(dir.resolve("nope")).files()).isEmpty();
    }

    @Test
    void disableMatchesTheNameOrAParentDirectory() {
        ManifestFile f = new ManifestFile(dir.resolve("metrics-server/aggregated-reader.yaml"),
                "metrics-server/aggregated-reader.yaml", "aggregated-reader");
        assertThat(ManifestScanner.disabledBy(f, "metrics-server")).isTrue();
        assertThat(ManifestScanner.disabledBy(f, "aggregated-reader")).isTrue();
        assertThat(ManifestScanner.disabledBy(f, "coredns")).isFalse();
    }
}
