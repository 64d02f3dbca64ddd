package io.k3j.e2e;

import io.k3j.apiserver.local.SharedTreeGuard;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real `target/k3j server` child process on a free loopback port with its own data dir and an
 * empty config file (so nothing on the machine leaks in). Closing it always ends the process.
 */
public final class K3jProcess implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final Path log;
    private final Process process;

    private K3jProcess(Path dataDir, int port, Path log, Process process) {
        this.dataDir = dataDir;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    public static Path executable() {
        return Path.of(System.getProperty("k3j.executable", "target/k3j")).toAbsolutePath();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts `k3j server` with the standard test flags plus {@code extra}; does not wait. */
    public static K3jProcess start(Path dataDir, int port, String... extra) throws IOException {
        Files.createDirectories(dataDir);
        Path config = dataDir.resolveSibling(dataDir.getFileName() + "-config.yaml");
        if (!Files.exists(config)) {
            Files.writeString(config, "");
        }
        List<String> cmd = new ArrayList<>(List.of(executable().toString(), "server",
                "--config", config.toString(),
                "--data-dir", dataDir.toString(),
                "--https-listen-port", String.valueOf(port),
                "--bind-address", "127.0.0.1",
                "--write-kubeconfig", dataDir.resolve("kubeconfig.yaml").toString(),
                "--node-name", "e2e-node"));
        cmd.addAll(List.of(extra));
        return launch(dataDir, port, cmd);
    }

    /** Runs k3j with arbitrary arguments (for error-path tests); the caller waits. */
    public static K3jProcess launch(Path dataDir, int port, List<String> cmd) throws IOException {
        Path log = Files.createTempFile("k3j-e2e", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("K3J_"));
        // No start-up cache training: it would leave a background process behind after the test.
        pb.environment().put("K3J_CDS", "0");
        // In-process components share the watch cache's trees: the server logs any change one makes to one, and
        // close() fails the test on it.
        pb.environment().put("K3J_JAVA_OPTS", "-D" + SharedTreeGuard.PROPERTY + "=true");
        return new K3jProcess(dataDir, port, log, pb.start());
    }

    public Path kubeconfig() {
        return dataDir.resolve("kubeconfig.yaml");
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Waits until /readyz answers 200, failing early with the log if the process dies. */
    public K3jProcess awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path ca = dataDir.resolve("server/tls/server-ca.crt");
        HttpClient client = null;
        // A server joining another (HA) first writes a CA of its own, then replaces it with the cluster's: a client
        // built on the first one would fail every handshake, so it is rebuilt whenever the file changes.
        String trusted = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("k3j exited with " + process.exitValue() + " before it was ready:\n" + log());
            }
            String current = Files.exists(ca) ? Files.readString(ca) : "";
            if (!current.isEmpty() && !current.equals(trusted)) {
                client = HttpClient.newBuilder().sslContext(trusting(ca)).connectTimeout(Duration.ofSeconds(2)).build();
                trusted = current;
            }
            if (client != null) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/readyz"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return this;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            process.waitFor(50, TimeUnit.MILLISECONDS); // wakes early if the process dies
        }
        throw new AssertionError("k3j not ready within " + timeout + ":\n" + log());
    }

    /** SIGTERM, then wait; returns the exit code. Kills with SIGKILL if it does not stop in 20 s. */
    public int stop() throws InterruptedException {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("k3j did not stop within 20 s of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("k3j did not exit within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String text = log();
        Files.deleteIfExists(log);
        List<String> modified = text.lines().filter(l -> l.contains(SharedTreeGuard.MESSAGE)).toList();
        if (!modified.isEmpty()) {
            throw new AssertionError("a component modified objects shared with the watch cache:\n"
                    + String.join("\n", modified));
        }
    }

    public static SSLContext trusting(Path caFile) throws Exception {
        return io.k3j.pki.ClientTls.context(null, null, caFile);
    }
}
