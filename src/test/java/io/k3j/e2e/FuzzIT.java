package io.k3j.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * ≥ 10,000 malformed or hostile requests from an authenticated admin: random bytes, wrong types,
 * deep nesting, oversized bodies, bad paths and query strings. None may get a 5xx or hang, and
 * the server must answer normally afterwards. Seeded, so a failure reproduces.
 */
@Tag("e2e")
class FuzzIT {

    private static final int REQUESTS = 10_000;
    private static final long SEED = 20261128L;

    @TempDir
    Path tmp;

    @Test
    void hostileRequestsNeverGet5xx() throws Exception {
        Path data = tmp.resolve("data");
        try (K3jProcess k3j = K3jProcess.start(data, K3jProcess.freePort()).awaitReady(Duration.ofSeconds(90))) {
            HttpClient client = adminClient(data);
            String base = "https://127.0.0.1:" + k3j.port();
            Random random = new Random(SEED);
            Semaphore inFlight = new Semaphore(32);
            Map<String, String> serverErrors = new ConcurrentHashMap<>();
            AtomicInteger done = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                HttpRequest req = hostile(random, base, i);
                inFlight.acquire();
                all.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).orTimeout(30, TimeUnit.SECONDS)
                        .whenComplete((resp, err) -> {
                            inFlight.release();
                            done.incrementAndGet();
                            if (err != null) {
                                failures.incrementAndGet(); // a reset of an abusive stream is fine; a hang is not
                                if (err instanceof java.util.concurrent.TimeoutException) {
                                    serverErrors.put(req.method() + " " + req.uri().toString().substring(0, Math.min(200, req.uri().toString().length())), "no answer in 30 s");
                                }
                            } else if (resp.statusCode() >= 500) {
                                String b = resp.body();
                                serverErrors.put(req.method() + " " + req.uri(), resp.statusCode() + " "
                                        + (b.length() > 300 ? b.substring(0, 300) : b));
                            }
                        }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(10, TimeUnit.MINUTES);
            assertThat(done.get()).isEqualTo(REQUESTS);
            assertThat(serverErrors).as("requests answered with 5xx or not at all; server log errors:\n%s",
                    k3j.log().lines().filter(l -> l.contains("level=error") || l.startsWith("\tat ") || l.contains("Exception"))
                            .limit(80).reduce("", (a, b) -> a + b + "\n")).isEmpty();
            assertThat(failures.get()).as("transport failures").isLessThan(REQUESTS / 100);

            HttpResponse<String> after = client.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(new Kubectl(k3j.kubeconfig()).run("get", "namespaces", "-o", "name").assertOk().out()).contains("namespace/default");
        }
    }

    private static final String[] PATHS = {
            "/api/v1/namespaces/default/configmaps", "/api/v1/namespaces/default/configmaps/fuzz",
            "/api/v1/namespaces", "/api/v1/namespaces/fuzz-ns", "/apis/apps/v1/namespaces/default/deployments",
            "/apis/apps/v1/namespaces/default/deployments/web/scale", "/api/v1/namespaces/default/pods/p/status",
            "/api/v1/nodes", "/apis/nope/v1/things", "/api/v2/pods", "/api/v1/namespaces/default/bogus",
            "/api/v1/componentstatuses", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "/openapi/v3/api/v1",
            "/openapi/v3/apis/nope", "/api", "/apis", "/version", "/healthz/nope", "/%2e%2e/%2e%2e/etc/passwd",
            "/api/v1/namespaces/default/configmaps/%00", "/api/v1/namespaces/" + "x".repeat(300) + "/configmaps"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    private static final String[] TYPES = {"application/json", "application/yaml", "application/merge-patch+json",
            "application/json-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml",
            "application/vnd.kubernetes.protobuf", "text/plain", "garbage/type"};
    private static final String[] QUERIES = {"", "?watch=true&timeoutSeconds=1", "?labelSelector=a%20in%20(", "?fieldSelector=bogus=1",
            "?limit=-5", "?limit=abc", "?continue=%25%25%25", "?continue=eyJydiI6MX0", "?resourceVersion=abc&watch=1&timeoutSeconds=1",
            "?resourceVersion=1&watch=1&timeoutSeconds=1", "?dryRun=All", "?fieldManager=&force=true", "?timeoutSeconds=-1&watch=true",
            "?labelSelector=" + "a".repeat(5000)};

    private static HttpRequest hostile(Random r, String base, int i) {
        String path = PATHS[r.nextInt(PATHS.length)];
        String query = QUERIES[r.nextInt(QUERIES.length)];
        String method = METHODS[r.nextInt(METHODS.length)];
        byte[] body = body(r, i);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + query)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", TYPES[r.nextInt(TYPES.length)]);
        if (method.equals("GET")) {
            return b.GET().build();
        }
        return b.method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static byte[] body(Random r, int i) {
        return switch (r.nextInt(12)) {
            case 0 -> randomBytes(r, r.nextInt(2048));
            case 1 -> "{".repeat(5000).getBytes(StandardCharsets.UTF_8); // deep nesting
            case 2 -> ("{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}").getBytes(StandardCharsets.UTF_8);
            case 3 -> i % 50 == 0 ? new byte[4 * 1024 * 1024] : new byte[0]; // over the 3 MiB limit, sometimes
            case 4 -> "{\"apiVersion\":5,\"kind\":[],\"metadata\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            case 5 -> "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"fuzz\",\"labels\":{\"a\":1}},\"data\":{\"k\":[1,2]}}"
                    .getBytes(StandardCharsets.UTF_8);
            case 6 -> "[{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":{}},{\"op\":\"move\",\"from\":\"/x\",\"path\":\"/y\"}]"
                    .getBytes(StandardCharsets.UTF_8);
            case 7 -> "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fuzz, namespace: other}\ndata: {a: &x [*x]}\n".getBytes(StandardCharsets.UTF_8);
            case 8 -> "null".getBytes(StandardCharsets.UTF_8);
            case 9 -> "{\"spec\":{\"replicas\":\"many\"},\"metadata\":{\"resourceVersion\":\"notanumber\"}}".getBytes(StandardCharsets.UTF_8);
            case 10 -> new byte[]{'k', '8', 's', 0, 10, 3, 'g', 'a', 'r', 'b'}; // a truncated protobuf envelope
            default -> "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"fuzz-ns\",\"finalizers\":[\"x\"]}}"
                    .getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static HttpClient adminClient(Path data) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10))
                .sslContext(io.k3j.pki.ClientTls.context(data.resolve("server/tls/client-admin.crt"),
                        data.resolve("server/tls/client-admin.key"), data.resolve("server/tls/server-ca.crt"))).build();
    }
}
