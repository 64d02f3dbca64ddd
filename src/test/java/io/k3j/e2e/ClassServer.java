package io.k3j.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** One k3j for a whole test class (booting one per test would dominate the suite's time). */
final class ClassServer implements AutoCloseable {

    final Path dir;
    final K3jProcess k3j;
    final Kubectl kubectl;

    private ClassServer(Path dir, K3jProcess k3j) {
        this.dir = dir;
        this.k3j = k3j;
        this.kubectl = new Kubectl(k3j.kubeconfig());
    }

    static ClassServer boot(String name, String... extraArgs) throws Exception {
        Path dir = Files.createTempDirectory(name);
        try {
            return new ClassServer(dir, K3jProcess.start(dir.resolve("data"), K3jProcess.freePort(), extraArgs)
                    .awaitReady(Duration.ofSeconds(90)));
        } catch (Exception | AssertionError e) {
            delete(dir);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            k3j.close();
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
