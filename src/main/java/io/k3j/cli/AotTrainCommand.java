package io.k3j.cli;

import io.k3j.config.ServerConfig;
import io.k3j.pki.PemKeyCert;
import io.k3j.server.K3jServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
                exercise(running.vertx(), config, port);
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

    /**
     * Through Vert.x's HTTP client, the stack the server's own components use: the JDK's java.net.http client
     * would put ~360 classes into the cache that a server never loads, and every start would map them.
     */
    private static void exercise(Vertx vertx, ServerConfig config, int port) throws Exception {
        Path tls = config.tlsDir();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setUseAlpn(true)
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setTrustOptions(new PemTrustOptions().addCertPath(tls.resolve("server-ca.crt").toString()))
                .setKeyCertOptions(new PemKeyCert(tls.resolve("client-admin.crt"), tls.resolve("client-admin.key"))));
        try {
            for (String path : List.of("/readyz?verbose", "/version", "/api", "/apis", "/api/v1", "/apis/apps/v1",
                    "/api/v1/namespaces", "/api/v1/namespaces/default/configmaps")) {
                send(client, HttpMethod.GET, path, null);
            }
            send(client, HttpMethod.POST, "/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\","
                    + "\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"train\"},\"data\":{\"a\":\"b\"}}");
        } finally {
            client.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static void send(HttpClient client, HttpMethod method, String path, String json) throws Exception {
        client.request(method, path)
                .compose(req -> json == null ? req.send()
                        : req.putHeader("Content-Type", "application/json").send(json))
                .compose(HttpClientResponse::body)
                .await(30, TimeUnit.SECONDS);
    }
}
