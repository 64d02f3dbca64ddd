package io.k3j.store.sqlite;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.RecordingListener;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreRegistry;
import io.k3j.store.Watcher;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL under load, five times on one file: every acknowledged write survives, revisions never repeat, and a
 * watcher resumed from the last revision it saw gets every later change exactly once.
 */
class SqliteCrashTest {

    private static final int WRITERS = 32;
    private static final int CYCLES = 5;

    @TempDir
    Path dataDir;

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        Set<Long> allAcked = new HashSet<>();
        // Revision 1 is a marker, so the watcher can start "after 1" (0 would mean "from now").
        long lastSeen = marker(); // the resumed watcher's position, carried across crashes
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Map<String, Long> acked = runAndKill("c" + cycle, 200 + ThreadLocalRandom.current().nextInt(800));
            for (long rev : acked.values()) {
                assertThat(allAcked.add(rev)).as("revision %d acknowledged twice", rev).isTrue();
            }
            lastSeen = verify(acked, lastSeen);
        }
    }

    private long marker() {
        Vertx vertx = Vertx.vertx();
        try {
            Store store = await(StoreRegistry.defaults().open(vertx, StoreOptions.defaults(dataDir), null));
            long rev = await(store.create("/marker", new byte[]{1})).revision();
            await(store.closeAsync());
            return rev;
        } finally {
            await(vertx.close());
        }
    }

    /** Starts the child, lets it acknowledge at least {@code atLeast} writes, then SIGKILLs it mid-load. */
    private Map<String, Long> runAndKill(String tag, int atLeast) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dataDir.toString(), tag, String.valueOf(WRITERS))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Long> acked = new ConcurrentHashMap<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts[0].equals("ACK")) {
                        acked.put(parts[2], Long.parseLong(parts[1]));
                    } else if (parts[0].equals("ERR")) {
                        errors.add(line);
                    }
                }
            } catch (Exception ignored) {
                // the pipe breaks when the child dies
            }
        });
        try {
            until(atLeast + " acknowledged writes", Duration.ofSeconds(120), () -> acked.size() >= atLeast || !p.isAlive());
            assertThat(p.isAlive()).as("child alive under load").isTrue();
            // SIGKILL: no shutdown hooks, no checkpoint, writes in flight.
            p.toHandle().destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        reader.join(10_000);
        assertThat(errors).isEmpty();
        return new LinkedHashMap<>(acked);
    }

    private long verify(Map<String, Long> acked, long lastSeen) {
        Vertx vertx = Vertx.vertx();
        try {
            Store store = await(StoreRegistry.defaults().open(vertx, StoreOptions.defaults(dataDir), null));
            try {
                long current = await(store.currentRevision());
                for (Map.Entry<String, Long> e : acked.entrySet()) {
                    KeyValue kv = await(store.get(e.getKey())).kv();
                    assertThat(kv).as("acknowledged %s", e.getKey()).isNotNull();
                    assertThat(kv.modRevision()).isEqualTo(e.getValue());
                    assertThat(new String(kv.value(), StandardCharsets.UTF_8)).isEqualTo("value-" + e.getKey());
                }
                RecordingListener l = new RecordingListener();
                Watcher w = await(store.watch("/crash/", lastSeen, l));
                until("resumed watcher catches up to " + current, Duration.ofSeconds(60),
                        () -> !l.events.isEmpty() && l.events.getLast().revision() == current || current == lastSeen);
                w.cancel();
                List<Long> revs = new ArrayList<>(l.revisions());
                assertThat(revs).isSorted().doesNotHaveDuplicates();
                // Every revision is a write here, so "misses nothing" means no holes.
                assertThat(revs).hasSize((int) (current - lastSeen));
                Set<String> seenKeys = new HashSet<>();
                l.events.stream().map(Event::key).forEach(seenKeys::add);
                assertThat(seenKeys).containsAll(acked.keySet());
                return current;
            } finally {
                await(store.closeAsync());
            }
        } finally {
            await(vertx.close());
        }
    }
}
