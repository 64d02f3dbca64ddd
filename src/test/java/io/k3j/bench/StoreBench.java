package io.k3j.bench;

import io.k3j.store.Event;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreRegistry;
import io.k3j.store.WatchListener;
import io.k3j.store.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Datastore benchmark: acknowledged creates/s at 1, 8 and 64 concurrent writers beside the one-row-per-transaction
 * floor, watch delivery latency to 1,000 watchers on one prefix, and a 10,000-key range. Each figure is the
 * median of three runs. Usage: {@code StoreBench sqlite|postgres <postgres-endpoint>}.
 */
public final class StoreBench {

    private static final byte[] VALUE = new byte[512];
    private static final long RUN_MILLIS = Long.getLong("bench.millis", 3000);

    public static void main(String[] args) throws Exception {
        String backend = args.length > 0 ? args[0] : "sqlite";
        String endpoint = args.length > 1 ? args[1] : null;
        Path tmp = Files.createTempDirectory("k3j-bench");
        Vertx vertx = Vertx.vertx();
        try {
            StoreOptions options = StoreOptions.defaults(tmp).withSnapshots(null, 5);
            if (backend.equals("postgres")) {
                options = options.withEndpoint(endpoint + (endpoint.contains("?") ? "&" : "?") + "table=bench"
                        + System.currentTimeMillis());
            } else if (backend.equals("memory")) {
                options = options.withEndpoint("memory://");
            }
            Store store = await(StoreRegistry.defaults().open(vertx, options, null));
            System.out.printf("== %s (%d cores, %d ms per run, medians of 3)%n", backend,
                    Runtime.getRuntime().availableProcessors(), RUN_MILLIS);
            double floor = backend.equals("sqlite") ? median(3, () -> PlainInserts.sqlite(tmp.resolve("plain.db"), RUN_MILLIS))
                    : backend.equals("postgres") ? median(3, () -> PlainInserts.postgres(vertx, endpoint, RUN_MILLIS)) : 0;
            if (floor > 0) {
                System.out.printf("plain one-row-per-transaction inserts: %,.0f rows/s%n", floor);
            }
            for (int writers : new int[]{1, 8, 64}) {
                int w = writers;
                double rate = median(3, () -> creates(store, w, RUN_MILLIS));
                System.out.printf("acknowledged creates/s, %2d writers: %,.0f%s%n", writers, rate,
                        floor > 0 ? String.format(" (%.1fx the floor)", rate / floor) : "");
            }
            watchLatency(store, 1000, 200);
            rangeMillis(store); // load the keys and warm up
            double range = median(5, () -> rangeMillis(store));
            System.out.printf("range of 10,000 keys: %.1f ms%n", range);
            await(store.closeAsync());
            if (backend.equals("postgres")) {
                await(io.k3j.store.postgres.PgTestDb.drop(vertx, options.endpoint()));
            }
        } finally {
            await(vertx.close());
            try (var files = Files.walk(tmp)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    interface Measure {
        double run() throws Exception;
    }

    static double median(int n, Measure m) throws Exception {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = m.run();
        }
        Arrays.sort(v);
        return v[n / 2];
    }

    private static final AtomicLong KEYS = new AtomicLong();

    /** {@code writers} loops, each issuing its next create when the previous one is acknowledged. */
    static double creates(Store store, int writers, long millis) {
        AtomicLong acked = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<Void>> loops = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Promise<Void> done = Promise.promise();
            loop(store, acked, stop, done);
            loops.add(done.future());
        }
        long t0 = System.nanoTime();
        sleep(millis);
        stop.set(true);
        long n = acked.get();
        double secs = (System.nanoTime() - t0) / 1e9;
        await(Future.all(loops));
        return n / secs;
    }

    private static void loop(Store store, AtomicLong acked, AtomicBoolean stop, Promise<Void> done) {
        if (stop.get()) {
            done.complete();
            return;
        }
        store.create("/bench/creates/" + KEYS.incrementAndGet(), VALUE).onComplete(ar -> {
            if (ar.succeeded()) {
                acked.incrementAndGet();
            }
            loop(store, acked, stop, done);
        });
    }

    /** Latency from submitting a write to its delivery at each of {@code watchers} watchers on one prefix. */
    static void watchLatency(Store store, int watchers, int writes) {
        Map<String, Long> submitted = new ConcurrentHashMap<>();
        long[] samples = new long[watchers * writes];
        AtomicLong count = new AtomicLong();
        List<Future<?>> started = new ArrayList<>();
        for (int i = 0; i < watchers; i++) {
            started.add(store.watch("/bench/watch/", 0, new WatchListener() {
                @Override
                public void onEvents(List<Event> events) {
                    long now = System.nanoTime();
                    for (Event e : events) {
                        Long t0 = submitted.get(e.key());
                        int idx = (int) count.getAndIncrement();
                        if (t0 != null && idx < samples.length) {
                            samples[idx] = now - t0;
                        }
                    }
                }
            }));
        }
        await(Future.all(started));
        for (int i = 0; i < writes; i++) {
            String key = "/bench/watch/" + i;
            submitted.put(key, System.nanoTime());
            WriteResult r = await(store.create(key, VALUE));
            if (r == null) {
                throw new IllegalStateException();
            }
            if (i % 20 == 19) {
                sleep(5); // a steady trickle rather than one burst
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count.get() < samples.length && System.nanoTime() < deadline) {
            sleep(5);
        }
        long[] s = Arrays.copyOf(samples, (int) Math.min(count.get(), samples.length));
        Arrays.sort(s);
        System.out.printf("watch delivery, %d watchers x %d writes (submit to listener): min %.2f, p50 %.2f ms, "
                        + "p99 %.2f ms, max %.2f ms (%d deliveries)%n", watchers, writes, s[0] / 1e6,
                s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6, s.length);
    }

    private static boolean rangeLoaded;

    static double rangeMillis(Store store) {
        if (!rangeLoaded) {
            List<Future<WriteResult>> creates = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                creates.add(store.create(String.format("/bench/range/k%05d", i), VALUE));
                if (creates.size() == 1000) {
                    await(Future.all(creates));
                    creates.clear();
                }
            }
            await(Future.all(creates));
            rangeLoaded = true;
        }
        long t0 = System.nanoTime();
        int n = await(store.range("/bench/range/", null, 0, 0)).kvs().size();
        if (n != 10_000) {
            throw new IllegalStateException("range returned " + n);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
