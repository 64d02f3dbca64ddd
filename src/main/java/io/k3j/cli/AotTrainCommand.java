package io.k3j.cli;

import io.k3j.config.ServerConfig;
import io.k3j.pki.ClientTls;
import io.k3j.server.K3jServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Hidden: the training run for the JVM start-up cache. The launcher runs it once per build, in the
 * background and with its output discarded, under -XX:AOTCacheOutput: it boots a throwaway server
 * on a temporary data dir and a loopback port, makes the requests a client's first minute makes
 * (readiness, discovery, a list, a write), and stops. The cache then holds what a real boot uses.
 */
@Command(name = "aot-train", hidden = true, description = "Internal: training run for the start-up cache.")
public final class AotTrainCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("k3j-train");
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ServerCommand cmd = new ServerCommand();
            new CommandLine(cmd).parseArgs("--data-dir", dir.resolve("data").toString(), "--https-listen-port",
                    String.valueOf(port), "--bind-address", "127.0.0.1", "--write-kubeconfig",
                    dir.resolve("kubeconfig.yaml").toString(), "--node-name", "train", "--disable-agent");
            ServerConfig config = cmd.toConfig();
            K3jServer.Running running = new K3jServer(config).start();
            try {
                exercise(config, port);
            } finally {
                running.stop();
            }
            return 0;
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void exercise(ServerConfig config, int port) throws Exception {
        Path tls = config.tlsDir();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(ClientTls.context(
                tls.resolve("client-admin.crt"), tls.resolve("client-admin.key"), tls.resolve("server-ca.crt"))).build();
        String base = "https://127.0.0.1:" + port;
        for (String path : List.of("/readyz?verbose", "/version", "/api", "/apis", "/api/v1", "/apis/apps/v1",
                "/api/v1/namespaces", "/api/v1/namespaces/default/configmaps")) {
            client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/default/configmaps"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                        + "\"metadata\":{\"name\":\"train\"},\"data\":{\"a\":\"b\"}}")).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
