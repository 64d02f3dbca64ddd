package io.k3j.testing;

import io.k3j.apiserver.local.SharedTreeGuard;
import io.k3j.cli.ServerCommand;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeClientConfig;
import io.k3j.config.ServerConfig;
import io.k3j.server.K3jServer;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A whole k3j server inside the test JVM, on a free loopback port with the in-memory datastore:
 * for tests of components that need a real API server but not a separate process.
 */
public final class InProcessServer implements AutoCloseable {

    private final ServerConfig config;
    private final K3jServer.Running running;
    private final SharedTreeAlarm alarm;

    private InProcessServer(ServerConfig config, K3jServer.Running running, SharedTreeAlarm alarm) {
        this.config = config;
        this.running = running;
        this.alarm = alarm;
    }

    public static InProcessServer start(Path dataDir, String... extraArgs) {
        try {
            List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(),
                    "--https-listen-port", String.valueOf(freePort()), "--bind-address", "127.0.0.1",
                    "--write-kubeconfig", dataDir.resolve("kubeconfig.yaml").toString(),
                    "--datastore-endpoint", "memory://", "--node-name", "test-node"));
            args.addAll(List.of(extraArgs));
            ServerConfig cfg = ServerCommand.configFrom(args);
            // In-process components share the watch cache's trees: a test fails if one of them changes one.
            System.setProperty(SharedTreeGuard.PROPERTY, "true");
            SharedTreeAlarm alarm = SharedTreeAlarm.install();
            return new InProcessServer(cfg, new K3jServer(cfg).start(), alarm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ServerConfig config() {
        return config;
    }

    public Vertx vertx() {
        return running.vertx();
    }

    public String url() {
        return "https://127.0.0.1:" + config.httpsPort();
    }

    /** A client with the admin (system:masters) certificate. */
    public HttpKubeClient adminClient(Vertx vertx) {
        Path tls = config.tlsDir();
        return new HttpKubeClient(vertx, KubeClientConfig.clientCert(url(), tls.resolve("server-ca.crt"),
                tls.resolve("client-admin.crt"), tls.resolve("client-admin.key"), "k3j-test"));
    }

    @Override
    public void close() {
        running.stop();
        alarm.close();
    }

    /** Collects the shared-tree guard's SEVERE lines while the server runs; closing fails on any. */
    private static final class SharedTreeAlarm extends Handler implements AutoCloseable {
        private static final Logger GUARD = Logger.getLogger(SharedTreeGuard.class.getName());
        private final List<String> seen = new CopyOnWriteArrayList<>();

        static SharedTreeAlarm install() {
            SharedTreeAlarm a = new SharedTreeAlarm();
            GUARD.addHandler(a);
            return a;
        }

        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                seen.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            GUARD.removeHandler(this);
            if (!seen.isEmpty()) {
                throw new AssertionError(seen.size() + " shared cached objects were modified: " + seen);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
