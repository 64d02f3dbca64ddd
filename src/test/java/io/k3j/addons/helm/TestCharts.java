package io.k3j.addons.helm;

import com.marcnuri.helm.Helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;

/** The charts under src/test/resources/io/k3j/addons/charts, packaged into .tgz archives by Helm itself. */
public final class TestCharts {

    private TestCharts() {
    }

    /** Packages chart {@code name} into a new directory under {@code dest}; returns the archive (name-version.tgz). */
    public static Path pack(String name, Path dest) {
        try {
            Path src = Path.of(TestCharts.class.getResource("/io/k3j/addons/charts/" + name).toURI());
            // Helm packages the directory it is given in place: copy it so the test resources stay untouched.
            Files.createDirectories(dest);
            Path work = Files.createTempDirectory(dest, name + "-");
            Path copy = work.resolve("src").resolve(name);
            try (Stream<Path> files = Files.walk(src)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
            Path out = Files.createDirectories(work.resolve("out"));
            new Helm(copy).packageIt().withDestination(out).call();
            try (Stream<Path> packed = Files.list(out)) {
                return packed.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst().orElseThrow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chart packaged and base64-encoded, as a HelmChart's {@code chartContent}. */
    public static String base64(String name, Path scratch) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(pack(name, scratch)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
