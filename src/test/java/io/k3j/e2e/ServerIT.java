package io.k3j.e2e;

import io.k3j.pki.ClientCredential;
import io.k3j.pki.ClusterPki;
import io.k3j.pki.KubeconfigWriter;
import io.k3j.pki.Pem;
import io.k3j.pki.PkiSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Boots the packaged `target/k3j` and drives it with real kubectl. */
@Tag("e2e")
class ServerIT {

    private static final Duration READY = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void kubectlWorksAndRestartReusesPkiAndToken() throws Exception {
        Path data = tmp.resolve("data");
        int port = K3jProcess.freePort();
        Map<String, String> before;
        try (K3jProcess k3j = K3jProcess.start(data, port).awaitReady(READY)) {
            Kubectl kubectl = new Kubectl(k3j.kubeconfig());
            assertThat(kubectl.run("version").assertOk().out()).containsPattern("Server Version: v1\\.33\\.\\d+\\+k3j");

            String readyz = kubectl.run("get", "--raw", "/readyz?verbose").assertOk().out();
            assertThat(readyz).contains("[+]ping ok").contains("[+]log ok").contains("[+]shutdown ok")
                    .endsWith("readyz check passed\n");
            assertThat(kubectl.run("get", "--raw", "/livez").assertOk().out()).isEqualTo("ok");

            String metrics = kubectl.run("get", "--raw", "/metrics").assertOk().out();
            assertThat(metrics).contains("vertx_eventbus_handlers{").contains("vertx_eventbus_processed_total{")
                    .contains("jvm_memory_used_bytes").contains("process_resident_memory_bytes")
                    .contains("k3j_store_commit_latency_seconds").contains("k3j_store_revision_current")
                    .containsPattern("apiserver_request_total\\{code=\"200\",component=\"apiserver\",.*verb=\"GET\"")
                    .contains("apiserver_request_duration_seconds_bucket").contains("apiserver_current_inflight_requests");
            assertThat(readyz).contains("[+]datastore ok");

            String token = Files.readString(data.resolve("server/token")).trim();
            assertThat(token).matches("K10[0-9a-f]{64}::server:[0-9a-f]{32}");
            assertThat(Files.readString(data.resolve("server/node-token")).trim()).isEqualTo(token);
            assertThat(mode(data.resolve("server/token"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("server/tls/server-ca.key"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("server/tls/service.key"))).isEqualTo("rw-------");
            assertThat(mode(k3j.kubeconfig())).isEqualTo("rw-------");
            before = fingerprints(data);

            // The first server of a new build may write the JVM start-up cache as it exits: not timed here.
            assertThat(k3j.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
        try (K3jProcess again = K3jProcess.start(data, port).awaitReady(READY)) {
            assertThat(fingerprints(data)).isEqualTo(before);
            assertThat(new Kubectl(again.kubeconfig()).run("version").assertOk().out()).contains("Server Version: v1.33.");
            long t0 = System.nanoTime();
            int code = again.stop();
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(code).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(stopMs).as("orderly shutdown time").isLessThan(5_000);
            assertThat(again.log()).contains("msg=\"shutting down\"").contains("msg=\"stopped\"");
        }
        // A new --tls-san re-issues the serving certificate (same CA, so old kubeconfigs keep working).
        try (K3jProcess third = K3jProcess.start(data, port, "--tls-san", "k3j.example.test").awaitReady(READY)) {
            Map<String, String> after = fingerprints(data);
            assertThat(after.get("server/tls/serving-kube-apiserver.crt")).isNotEqualTo(before.get("server/tls/serving-kube-apiserver.crt"));
            assertThat(after.get("server/tls/server-ca.crt")).isEqualTo(before.get("server/tls/server-ca.crt"));
            assertThat(Pem.readCertificate(data.resolve("server/tls/serving-kube-apiserver.crt")).getSubjectAlternativeNames())
                    .anySatisfy(san -> assertThat(san.get(1)).isEqualTo("k3j.example.test"));
            assertThat(new Kubectl(third.kubeconfig()).run("get", "--raw", "/version").assertOk().out()).contains("\"gitVersion\"");

            // k3j certificate check lists every certificate with its expiry.
            try (K3jProcess check = K3jProcess.launch(tmp, 0, List.of(K3jProcess.executable().toString(),
                    "certificate", "check", "--data-dir", data.toString()))) {
                assertThat(check.awaitExit(Duration.ofSeconds(60))).isZero();
                assertThat(check.log()).contains("server-ca.crt").contains("serving-kube-apiserver.crt")
                        .contains("client-admin.crt").containsPattern("\\b3[0-9]{2}\\s+OK");
            }
        }
    }

    @Test
    void clientsWithoutAValidCertificateAreRefused() throws Exception {
        Path data = tmp.resolve("data");
        try (K3jProcess k3j = K3jProcess.start(data, K3jProcess.freePort()).awaitReady(READY)) {
            String url = "https://127.0.0.1:" + k3j.port();
            String serverCa = Files.readString(data.resolve("server/tls/server-ca.crt"));

            // No client certificate (kubectl cannot be made to send none: it prompts for a password,
            // so a plain HTTPS client stands in): public endpoints answer, everything else is forbidden.
            Path caFile = data.resolve("server/tls/server-ca.crt");
            HttpResponse<String> publicInfo = send(url + "/readyz", caFile, null, null);
            assertThat(publicInfo.statusCode()).isEqualTo(200);
            assertThat(publicInfo.body()).isEqualTo("ok");
            HttpResponse<String> denied = send(url + "/metrics", caFile, null, null);
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).contains("forbidden: User \\\"system:anonymous\\\" cannot get path \\\"/metrics\\\"");

            // A certificate from another CA: kubectl offers it only to servers that ask for its CA, so it
            // goes unauthenticated; a client that sends it anyway gets 401.
            ClusterPki foreign = ClusterPki.ensure(new PkiSpec(tmp.resolve("foreign/tls"), "cluster.local",
                    InetAddress.getByName("10.43.0.1"), List.of(), List.of(), "other"), Clock.systemUTC());
            Path foreignConfig = tmp.resolve("foreign.yaml");
            KubeconfigWriter.write(foreignConfig, 0600, url, serverCa, foreign.admin());
            Kubectl.Result refused = new Kubectl(foreignConfig).run("get", "--raw", "/metrics");
            assertThat(refused.code()).isNotZero();
            assertThat(refused.err()).containsAnyOf("Forbidden", "Unauthorized");

            HttpResponse<String> forced = send(url + "/metrics", data.resolve("server/tls/server-ca.crt"), foreign.admin(), null);
            assertThat(forced.statusCode()).isEqualTo(401);
            assertThat(forced.body()).contains("\"kind\":\"Status\"").contains("\"reason\":\"Unauthorized\"");

            HttpResponse<String> bearer = send(url + "/version", data.resolve("server/tls/server-ca.crt"), null, "Bearer garbage");
            assertThat(bearer.statusCode()).isEqualTo(401);

            // The real admin certificate reaches /metrics over the same path.
            ClientCredential admin = new ClientCredential(data.resolve("server/tls/client-admin.crt"),
                    data.resolve("server/tls/client-admin.key"),
                    Files.readString(data.resolve("server/tls/client-admin.crt")),
                    Files.readString(data.resolve("server/tls/client-admin.key")));
            assertThat(send(url + "/metrics", data.resolve("server/tls/server-ca.crt"), admin, null).statusCode()).isEqualTo(200);

            // No gzip, even for a client that accepts it (client-go always does): no deflater per watch, and no
            // compressor state shared between the streams of one HTTP/2 connection.
            HttpResponse<String> small = send(url + "/api/v1/namespaces", caFile, admin, null, "Accept-Encoding", "gzip");
            assertThat(small.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(small.headers().firstValue("content-encoding")).isEmpty();
            assertThat(small.body()).contains("\"kind\":\"NamespaceList\"");
            HttpResponse<String> watch = send(url + "/api/v1/namespaces?watch=true&timeoutSeconds=1", caFile, admin, null,
                    "Accept-Encoding", "gzip");
            assertThat(watch.headers().firstValue("content-encoding")).isEmpty();
            assertThat(watch.body()).contains("\"type\":\"ADDED\"");
            HttpResponse<String> large = send(url + "/openapi/v3/api/v1", caFile, admin, null, "Accept-Encoding", "gzip");
            assertThat(large.headers().firstValue("content-encoding")).isEmpty();
            assertThat(large.body()).startsWith("{");
        }
    }

    @Test
    void badStartsExitOneWithOneLineAndWriteNothing() throws Exception {
        int port = K3jProcess.freePort();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            Path data = tmp.resolve("busy");
            try (K3jProcess k3j = K3jProcess.start(data, port)) {
                assertThat(k3j.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(lastLine(k3j.log())).startsWith("k3j server: error:").contains("already in use");
                assertThat(data.resolve("server/tls")).doesNotExist();
            }
        }
        Path data = tmp.resolve("cidr");
        try (K3jProcess k3j = K3jProcess.start(data, port, "--cluster-cidr", "10.42.0.0/99")) {
            assertThat(k3j.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(k3j.log().strip().lines()).hasSize(1);
            assertThat(k3j.log()).contains("--cluster-cidr");
            assertThat(data.resolve("server")).doesNotExist();
        }
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        try (K3jProcess k3j = K3jProcess.launch(tmp, port, List.of(K3jProcess.executable().toString(), "server",
                "--config", Files.writeString(tmp.resolve("empty.yaml"), "").toString(),
                "--data-dir", file.resolve("sub").toString(), "--https-listen-port", String.valueOf(port),
                "--write-kubeconfig", tmp.resolve("unused.yaml").toString()))) {
            assertThat(k3j.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(lastLine(k3j.log())).contains("is not writable");
        }
    }

    @Test
    void versionAndKubectlPassThrough() throws Exception {
        try (K3jProcess v = K3jProcess.launch(tmp, 0, List.of(K3jProcess.executable().toString(), "--version"))) {
            assertThat(v.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(v.log()).containsPattern("k3j version \\S+").containsPattern("kubernetes version v1\\.33\\.");
        }
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("kubectl"), Path.of(Kubectl.binary()));
        ProcessBuilder pb = new ProcessBuilder(K3jProcess.executable().toString(), "kubectl", "version", "--client")
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("Client Version: v1.33");

        // A PATH with the tools the launcher uses but no kubectl (this machine has one in /usr/bin).
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        for (String t : List.of("readlink", "dirname", "sed", "stat", "mkdir")) {
            Files.createSymbolicLink(tools.resolve(t), Path.of("/usr/bin", t).toRealPath());
        }
        pb.environment().put("PATH", tools.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process none = pb.start();
        String err = new String(none.getInputStream().readAllBytes());
        assertThat(none.waitFor()).isEqualTo(1);
        assertThat(err).contains("kubectl was not found on PATH");
    }

    private static String lastLine(String log) {
        List<String> lines = log.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Map<String, String> fingerprints(Path data) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : List.of("server/tls/server-ca.crt", "server/tls/client-ca.crt", "server/tls/request-header-ca.crt",
                "server/tls/serving-kube-apiserver.crt", "server/tls/client-admin.crt", "server/tls/service.key",
                "server/token", "server/agent-token")) {
            m.put(f, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(data.resolve(f)))));
        }
        return m;
    }

    /** Sends a GET that presents {@code cert} whatever CAs the server asks for. */
    private static HttpResponse<String> send(String url, Path caFile, ClientCredential cert, String authorization,
                                             String... headers) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = null;
        if (cert != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", Pem.parsePrivateKey(cert.keyPem()), new char[0],
                    Pem.parseCertificates(cert.certPem()).toArray(Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.readCertificate(caFile));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.KeyManager[] kms = kmf == null ? null : forceSend(kmf);
        ctx.init(kms, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        if (headers.length > 0) {
            req.headers(headers);
        }
        return client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** JSSE, like Go, offers a client certificate only if its issuer is acceptable: override that. */
    private static javax.net.ssl.KeyManager[] forceSend(KeyManagerFactory kmf) {
        javax.net.ssl.X509KeyManager base = (javax.net.ssl.X509KeyManager) kmf.getKeyManagers()[0];
        return new javax.net.ssl.KeyManager[]{new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                return base.getClientAliases(keyType, null);
            }

            @Override
            public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return "client";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
                return "client";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return null;
            }

            @Override
            public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
                return base.getCertificateChain(alias);
            }

            @Override
            public java.security.PrivateKey getPrivateKey(String alias) {
                return base.getPrivateKey(alias);
            }
        }};
    }
}
