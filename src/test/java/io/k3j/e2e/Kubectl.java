package io.k3j.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real kubectl binary: $KUBECTL, else kubectl.1.33 installed beside the machine's kubectl. */
public final class Kubectl {

    public record Result(int code, String out, String err) {
        public Result assertOk() {
            if (code != 0) {
                throw new AssertionError("kubectl exited " + code + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }

    private final String binary;
    private final Path kubeconfig;

    public Kubectl(Path kubeconfig) {
        this(binary(), kubeconfig);
    }

    public Kubectl(String binary, Path kubeconfig) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    /** The kubectl of a given minor version (e.g. "1.27"), from the directory of the default one. */
    public static String versioned(String minor) {
        return dirOfDefault().resolve("kubectl." + minor).toString();
    }

    public static String binary() {
        String env = System.getenv("KUBECTL");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return versioned("1.33");
    }

    private static Path dirOfDefault() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                try {
                    return p.toRealPath().getParent();
                } catch (IOException e) {
                    return p.getParent();
                }
            }
        }
        throw new IllegalStateException("no kubectl on PATH; set KUBECTL to a kubectl 1.33 binary");
    }

    public Result run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.add("--kubeconfig=" + kubeconfig);
        cmd.add("--request-timeout=30s");
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(90, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 90 s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
