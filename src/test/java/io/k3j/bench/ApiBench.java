package io.k3j.bench;


import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * API server benchmark (issue 4): GET of one object, LIST of 500 objects and CREATE, over HTTP/2
 * with TLS from 64 concurrent requests, against a running k3j. Prints requests/s and p50/p99.
 * Arguments: base URL, data dir (for the admin certificate), seconds per phase.
 */
public final class ApiBench {

    private static final int CONCURRENCY = 64;

    private ApiBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path data = Path.of(args[1]);
        long millis = Long.parseLong(args.length > 2 ? args[2] : "10") * 1000;
        HttpClient client = client(data);
        String ns = base + "/api/v1/namespaces/default/configmaps";
        // 500 objects to list, one of them read back by GET.
        run(client, 500, i -> post(ns, "bench-list-" + i), 500);
        phase("GET one object", client, millis, i -> HttpRequest.newBuilder(URI.create(ns + "/bench-list-1")).build());
        phase("LIST 500 objects", client, millis, i -> HttpRequest.newBuilder(URI.create(ns)).build());
        AtomicInteger n = new AtomicInteger();
        phase("CREATE (SQLite)", client, millis, i -> post(ns, "bench-create-" + n.incrementAndGet()));
    }

    private static HttpRequest post(String url, String name) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
                        + name + "\"},\"data\":{\"k\":\"v\"}}")).build();
    }

    private static void phase(String name, HttpClient client, long millis, IntFunction<HttpRequest> request) throws Exception {
        run(client, 2000, request, CONCURRENCY); // warm-up (JIT, connection)
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore slots = new Semaphore(CONCURRENCY);
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        int i = 0;
        List<CompletableFuture<?>> all = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            slots.acquire();
            long t0 = System.nanoTime();
            all.add(client.sendAsync(request.apply(i++), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencies.add(System.nanoTime() - t0);
                if (e != null || r.statusCode() >= 300) {
                    errors.incrementAndGet();
                }
                slots.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double secs = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        System.out.printf("%-20s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   (%d requests, %d errors, %d concurrent)%n",
                name, sorted.length / secs, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted.length, errors.get(), CONCURRENCY);
    }

    private static void run(HttpClient client, int count, IntFunction<HttpRequest> request, int concurrency) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            all.add(client.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> slots.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    private static HttpClient client(Path data) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10))
                .sslContext(io.k3j.pki.ClientTls.context(data.resolve("server/tls/client-admin.crt"),
                        data.resolve("server/tls/client-admin.key"), data.resolve("server/tls/server-ca.crt"))).build();
    }
}
