package io.k3j.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watch fan-out and large lists (issue 4): opens N watches on one namespace's ConfigMaps (HTTP/2, 100 streams per
 * connection), then creates objects one at a time and measures, per change, how long until every watcher had it
 * (p50/p99 over watchers, median over changes). Then creates M pods and times an unpaginated list of them from the
 * cache. Arguments: base URL, data dir, watches, pods. Heap figures come from the script (jcmd).
 */
public final class WatchBench {

    private static final int CHANGES = 7;

    private WatchBench() {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        Path tls = Path.of(args[1], "server", "tls");
        int watches = Integer.parseInt(args[2]);
        int pods = Integer.parseInt(args[3]);
        Vertx vertx = Vertx.vertx();
        HttpClient http = vertx.httpClientBuilder().with(new HttpClientOptions().setSsl(true).setUseAlpn(true)
                        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2MultiplexingLimit(100)
                        // client-go's HTTP/2 windows (4 MiB per stream, 1 GiB per connection), so large lists are
                        // not throttled by the 64 KiB default
                        .setInitialSettings(new io.vertx.core.http.Http2Settings().setInitialWindowSize(4 << 20))
                        .setHttp2ConnectionWindowSize(1 << 30)
                        .setDefaultHost(base.getHost()).setDefaultPort(base.getPort())
                        .setTrustOptions(new PemTrustOptions().addCertPath(tls.resolve("server-ca.crt").toString()))
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.resolve("client-admin.crt").toString())
                                .setKeyPath(tls.resolve("client-admin.key").toString())))
                .with(new PoolOptions().setHttp2MaxSize(watches / 100 + 8).setMaxWaitQueueSize(-1)).build();
        String cms = "/api/v1/namespaces/default/configmaps";
        String rv = onLoop(vertx, () -> send(http, HttpMethod.GET, cms, null)).replaceAll("(?s).*\"resourceVersion\":\"(\\d+)\".*", "$1");

        // The watches ask for no bookmarks and start at the current revision, so the n-th line a watch receives is
        // the n-th change: counting newlines in the raw chunks keeps this client's cost per event to a byte scan,
        // so the figures are the server's delivery and not this client's parsing.
        long[][] arrivals = new long[CHANGES][watches];
        int[] lines = new int[watches];
        AtomicInteger open = new AtomicInteger();
        long t0 = System.nanoTime();
        CountDownLatch ready = new CountDownLatch(watches);
        for (int i = 0; i < watches; i++) {
            int id = i;
            vertx.runOnContext(v -> http.request(new RequestOptions().setMethod(HttpMethod.GET)
                            .setURI(cms + "?watch=true&resourceVersion=" + rv + "&timeoutSeconds=3600"))
                    .compose(req -> req.send()).onSuccess(resp -> {
                        open.incrementAndGet();
                        ready.countDown();
                        resp.handler(chunk -> {
                            long now = System.nanoTime();
                            for (int b = 0; b < chunk.length(); b++) {
                                if (chunk.getByte(b) == '\n' && lines[id] < CHANGES) {
                                    arrivals[lines[id]++][id] = now;
                                }
                            }
                        });
                    }).onFailure(e -> {
                        System.err.println("watch failed: " + e.getMessage());
                        ready.countDown();
                    }));
        }
        ready.await(10, TimeUnit.MINUTES);
        System.out.printf("watches open: %d of %d in %.1f s%n", open.get(), watches, (System.nanoTime() - t0) / 1e9);
        System.out.println("PAUSE heap-with-watches"); // the script measures the server's heap here
        System.in.read();

        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        for (int c = 0; c < CHANGES; c++) {
            String name = "wb-" + c;
            long sent = System.nanoTime();
            onLoop(vertx, () -> send(http, HttpMethod.POST, cms, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
                    + name + "\"}}"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                long[] got = arrivals[c];
                if (Arrays.stream(got).filter(x -> x > 0).count() >= open.get()) {
                    break;
                }
                Thread.sleep(5);
            }
            long[] got = arrivals[c];
            double[] ms = Arrays.stream(got).filter(x -> x > 0).mapToDouble(x -> (x - sent) / 1e6).sorted().toArray();
            if (ms.length == 0) {
                continue;
            }
            p50s.add(ms[ms.length / 2]);
            p99s.add(ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)]);
            System.out.printf("change %d: delivered to %d watchers, p50 %.1f ms, p99 %.1f ms%n", c, ms.length,
                    ms[ms.length / 2], p99s.getLast());
        }
        System.out.printf("watch delivery to %d watchers: median p50 %.1f ms, median p99 %.1f ms%n", open.get(),
                median(p50s), median(p99s));

        if (pods > 0) {
            String podsUrl = "/api/v1/namespaces/default/pods";
            // The pods name a scheduler that does not exist, so k3j's leaves them alone: with no nodes it would
            // otherwise mark 10,000 pods unschedulable (a status patch and an Event each) while the lists run.
            long c0 = System.nanoTime();
            List<Future<String>> batch = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                String body = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"lp-" + i + "\",\"labels\":{\"app\":\"x\"}},"
                        + "\"spec\":{\"schedulerName\":\"bench-unscheduled\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
                batch.add(onLoopF(vertx, () -> send(http, HttpMethod.POST, podsUrl, body)));
                if (batch.size() == 256) {
                    Future.all(batch).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
                    batch.clear();
                }
            }
            Future.all(batch).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
            System.out.printf("created %d pods in %.1f s%n", pods, (System.nanoTime() - c0) / 1e9);
            // Three untimed lists first: the first ones after the creates pay for JIT compilation of the list path,
            // which is start-up cost, not what a list of 10,000 pods costs.
            for (int i = 0; i < 3; i++) {
                onLoop(vertx, () -> send(http, HttpMethod.GET, "/api/v1/pods?resourceVersion=0", null));
            }
            List<Double> listMs = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                long l0 = System.nanoTime();
                String out = onLoop(vertx, () -> send(http, HttpMethod.GET, "/api/v1/pods?resourceVersion=0", null));
                listMs.add((System.nanoTime() - l0) / 1e6);
                if (i == 0) {
                    System.out.printf("list: %d bytes%n", out.length());
                }
            }
            System.out.printf("LIST %d pods from the cache (resourceVersion=0): median %.1f ms%n", pods, median(listMs));
            List<Double> consistent = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                long l0 = System.nanoTime();
                onLoop(vertx, () -> send(http, HttpMethod.GET, "/api/v1/pods", null));
                consistent.add((System.nanoTime() - l0) / 1e6);
            }
            System.out.printf("LIST %d pods, consistent read from the cache: median %.1f ms%n", pods, median(consistent));
        }
        vertx.close();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }

    private static Future<String> send(HttpClient http, HttpMethod m, String uri, String body) {
        return http.request(new RequestOptions().setMethod(m).setURI(uri).putHeader("Content-Type", "application/json"))
                .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() / 100 != 2) {
                        throw new IllegalStateException(m + " " + uri + ": " + resp.statusCode() + " " + b);
                    }
                    return b.toString();
                }));
    }

    private static <T> Future<T> onLoopF(Vertx vertx, java.util.function.Supplier<Future<T>> op) {
        Promise<T> p = Promise.promise();
        vertx.runOnContext(v -> op.get().onComplete(p));
        return p.future();
    }

    private static <T> T onLoop(Vertx vertx, java.util.function.Supplier<Future<T>> op) throws Exception {
        return onLoopF(vertx, op).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    }
}
