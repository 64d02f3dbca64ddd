package io.k3j.apiserver.authn;

import io.k3j.auth.authn.HostileHeaders;
import io.k3j.pki.ClientTls;
import io.k3j.testing.InProcessServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile Authorization headers over real HTTPS: ≥ 5,000 values through HTTP/2, and raw HTTP/1.1 with bytes
 * no well-behaved client sends. None may get a 5xx; every one is refused (401, or 400/431 from the HTTP codec).
 */
class AuthFuzzTest {

    private static final long SEED = 20260502L;
    private static final String[] PATHS = {"/api/v1/namespaces/default/pods", "/healthz", "/version",
            "/apis/authentication.k8s.io/v1/selfsubjectreviews", "/api/v1/namespaces/default/serviceaccounts/x/token",
            "/.well-known/openid-configuration"};

    @TempDir
    static Path dir;
    static InProcessServer server;

    @BeforeAll
    static void start() {
        server = InProcessServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fiveThousandHostileHeadersNeverGet5xx() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(ClientTls.context(null, null, server.config().tlsDir().resolve("server-ca.crt")))
                .version(HttpClient.Version.HTTP_2).build();
        Random random = new Random(SEED);
        Semaphore inFlight = new Semaphore(32);
        Map<String, String> wrong = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        int sent = 0;
        while (sent < 6_000) {
            String value = HostileHeaders.next(random, true);
            String path = PATHS[random.nextInt(PATHS.length)];
            HttpRequest req;
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", value);
                req = path.contains("reviews") || path.endsWith("/token")
                        ? b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"spec\":{}}")).build()
                        : b.GET().build();
            } catch (IllegalArgumentException e) {
                continue; // a value the client itself will not send; the raw test below covers those bytes
            }
            sent++;
            inFlight.acquire();
            all.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).orTimeout(30, TimeUnit.SECONDS)
                    .whenComplete((resp, err) -> {
                        inFlight.release();
                        if (err != null && String.valueOf(err.getMessage()).contains("RST_STREAM received Protocol error")) {
                            // The HTTP/2 codec refuses a header value HTTP/2 forbids by resetting the stream, as the
                            // protocol says; it never reached authentication (like 400/431 below).
                            answered.incrementAndGet();
                        } else if (err != null) {
                            wrong.put(shorten(value), "no answer: " + err);
                        } else {
                            answered.incrementAndGet();
                            // 431: a header beyond the HTTP codec's limit never reaches authentication.
                            if (resp.statusCode() != 401 && resp.statusCode() != 400 && resp.statusCode() != 431) {
                                wrong.put(path + " " + shorten(value), resp.statusCode() + " " + shorten(resp.body()));
                            }
                        }
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(5, TimeUnit.MINUTES);
        assertThat(sent).isGreaterThanOrEqualTo(5_000);
        assertThat(wrong.entrySet().stream().limit(5).toList()).as("answers other than 401/400/431 (%d)", wrong.size()).isEmpty();
        assertThat(answered.get()).isEqualTo(sent);
    }

    @Test
    void rawHttp11HeadersWithControlAndHighBytesNeverGet5xx() throws Exception {
        Random random = new Random(SEED + 1);
        Map<String, String> wrong = new ConcurrentHashMap<>();
        for (int i = 0; i < 200; i++) {
            String value = HostileHeaders.next(random, false);
            byte[] raw = value.getBytes(StandardCharsets.ISO_8859_1);
            int code = rawRequest("GET /api/v1/pods HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ", raw);
            if (code >= 500 || code == 200) {
                wrong.put(shorten(value), String.valueOf(code));
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * A token that needs a lookup pauses the request; on a keep-alive HTTP/1.1 connection the body must still reach
     * the handler and the next request must be served.
     */
    @Test
    void pausedRequestsKeepTheConnectionUsable() throws Exception {
        String bootstrapLike = "abcdef.0123456789abcdef"; // looked up in the kube-system Secrets: an asynchronous path
        try (SSLSocket s = socket()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            String body = "{\"spec\":{}}";
            for (int i = 0; i < 3; i++) {
                out.write(("POST /apis/authentication.k8s.io/v1/selfsubjectreviews HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + bootstrapLike + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponse(in)).startsWith("HTTP/1.1 401");
            }
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        }
    }

    private static SSLSocket socket() throws Exception {
        var ctx = ClientTls.context(null, null, server.config().tlsDir().resolve("server-ca.crt"));
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.config().httpsPort());
        s.setSoTimeout(30_000);
        s.startHandshake();
        return s;
    }

    private static int rawRequest(String head, byte[] value) throws Exception {
        try (SSLSocket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(value);
            out.write("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = readResponse(s.getInputStream());
            if (status.isEmpty()) {
                return 0; // the connection was closed on a malformed request: not a 5xx
            }
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    /** Reads one response (headers plus a Content-Length body) and returns its status line. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            byte[] b = head.toByteArray();
            int n = b.length;
            if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
            return "";
        }
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                int len = Integer.parseInt(line.substring(15).trim());
                in.readNBytes(len);
            }
        }
        return text.substring(0, text.indexOf("\r\n"));
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
