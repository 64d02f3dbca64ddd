package io.k3j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl 1.33 against a throwaway plain-HTTP test server on 127.0.0.1 (library
 * tests that check their output the way kubectl reads it), with a private HOME and no kubeconfig.
 */
public final class LocalKubectl {

    public record Result(int exit, String output) {
    }

    private LocalKubectl() {
    }

    /** Runs kubectl with {@code --server=server}; fails the test if it does not finish in 60 s. */
    public static Result run(Path kubectl, String server, Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(kubectl.toString(), "--server=" + server,
                "--cache-dir=" + home.resolve("cache"), "--request-timeout=20s"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(home, "kubectl", ".out");
        try {
            // Output goes to a file, not a pipe: reading a pipe would block past the timeout on a hung kubectl.
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("HOME", home.toString());
            pb.environment().put("KUBECONFIG", home.resolve("none").toString());
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** kubectl.1.33 on PATH or next to the kubectl on PATH, or -Dk3j.kubectl; null when absent. */
    public static Path find() {
        String configured = System.getProperty("k3j.kubectl");
        if (configured != null) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path k = Path.of(dir, "kubectl.1.33");
            if (Files.isExecutable(k)) {
                return k;
            }
            Path plain = Path.of(dir, "kubectl");
            try {
                if (Files.isExecutable(plain)) {
                    Path real = plain.toRealPath().resolveSibling("kubectl.1.33");
                    if (Files.isExecutable(real)) {
                        return real;
                    }
                }
            } catch (IOException ignored) {
                // broken symlink: keep looking
            }
        }
        return null;
    }
}
