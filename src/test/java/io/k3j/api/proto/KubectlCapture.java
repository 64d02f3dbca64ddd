package io.k3j.api.proto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl 1.33 against a {@link CaptureServer}. */
final class KubectlCapture {

    record Result(int exit, String output) {
    }

    private KubectlCapture() {
    }

    static Result run(Path kubectl, String server, Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(kubectl.toString(), "--server=" + server,
                "--cache-dir=" + home.resolve("cache"), "--request-timeout=20s"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("KUBECONFIG", home.resolve("none").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), out);
    }

    /** kubectl.1.33 next to the kubectl on PATH, or -Dk3j.kubectl; null when absent. */
    static Path find() {
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
