package io.k3j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * `k3j kubectl …`: runs the kubectl found on PATH against this server's admin kubeconfig (unless
 * KUBECONFIG is set), like `k3s kubectl`. Arguments pass through untouched.
 */
@Command(name = "kubectl", description = "Run kubectl against this server (KUBECONFIG defaults to the admin kubeconfig).")
public final class KubectlCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "Arguments for kubectl")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        return exec(args, System.getenv());
    }

    static int exec(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        Path kubectl = find(env.getOrDefault("PATH", ""));
        if (kubectl == null) {
            System.err.println("k3j kubectl: error: kubectl was not found on PATH; install it (e.g. apt-get install kubectl)"
                    + " or use any kubectl with KUBECONFIG=" + Defaults.kubeconfig());
            return 1;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(kubectl.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        String kc = env.get("KUBECONFIG");
        if (kc == null || kc.isEmpty()) {
            pb.environment().put("KUBECONFIG", Defaults.kubeconfig().toString());
        }
        return pb.start().waitFor();
    }

    static Path find(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "kubectl");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
