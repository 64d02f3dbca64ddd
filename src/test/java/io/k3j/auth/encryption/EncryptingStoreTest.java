package io.k3j.auth.encryption;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.RecordingListener;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreRegistry;
import io.k3j.store.Watcher;
import io.k3j.store.WriteResult;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.failure;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

class EncryptingStoreTest {

    private static final String SECRET = EncryptingStore.SECRETS_PREFIX + "default/db";
    private static final String CONFIGMAP = "/registry/core/configmaps/default/settings";

    @TempDir
    Path dir;
    private Vertx vertx;
    private Store raw;
    private SecretsEncryption encryption;
    private Store store;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        raw = await(StoreRegistry.defaults().open(vertx, StoreOptions.defaults(dir).withEndpoint("memory://"), null));
        encryption = SecretsEncryption.open(dir, ProviderType.AESCBC, Clock.systemUTC());
        store = encryption.wrap(raw);
    }

    @AfterEach
    void close() {
        try {
            await(raw.closeAsync());
        } finally {
            await(vertx.close());
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static String s(KeyValue kv) {
        return kv == null ? null : s(kv.value());
    }

    @Test
    void sealsSecretsOnlyAndOpensEveryRead() {
        WriteResult w = await(store.create(SECRET, b("{\"data\":\"hunter2\"}")));
        await(store.create(CONFIGMAP, b("{\"data\":\"plain\"}")));
        assertThat(s(w.kv())).isEqualTo("{\"data\":\"hunter2\"}");
        String stored = new String(await(raw.get(SECRET)).kv().value(), StandardCharsets.ISO_8859_1);
        assertThat(stored).startsWith("k8s:enc:aescbc:v1:aescbckey:").doesNotContain("hunter2");
        assertThat(s(await(raw.get(CONFIGMAP)).kv())).isEqualTo("{\"data\":\"plain\"}");
        assertThat(s(await(store.get(SECRET)).kv())).isEqualTo("{\"data\":\"hunter2\"}");
        assertThat(await(store.range("/registry/", null, 0, 0)).kvs()).extracting(EncryptingStoreTest::s)
                .containsExactlyInAnyOrder("{\"data\":\"hunter2\"}", "{\"data\":\"plain\"}");
        WriteResult u = await(store.update(SECRET, b("{\"data\":\"v2\"}"), w.revision()));
        assertThat(s(u.prev())).isEqualTo("{\"data\":\"hunter2\"}");
        assertThat(s(u.kv())).isEqualTo("{\"data\":\"v2\"}");
        WriteResult d = await(store.delete(SECRET, 0));
        assertThat(s(d.prev())).isEqualTo("{\"data\":\"v2\"}");
    }

    @Test
    void conflictsAndExistingKeysCarryThePlaintext() {
        WriteResult w = await(store.create(SECRET, b("one")));
        Throwable e = failure(store.update(SECRET, b("two"), w.revision() - 1));
        assertThat(e).isInstanceOf(StoreException.Conflict.class);
        assertThat(s(((StoreException.Conflict) e).current())).isEqualTo("one");
        Throwable exists = failure(store.create(SECRET, b("again")));
        assertThat(s(((StoreException.KeyExists) exists).current())).isEqualTo("one");
    }

    @Test
    void watchEventsCarryPlaintextValuesAndPreviousValues() {
        RecordingListener l = new RecordingListener();
        Watcher watcher = await(store.watch("/registry/core/", 0, l));
        WriteResult c = await(store.create(SECRET, b("a")));
        await(store.update(SECRET, b("b"), c.revision()));
        await(store.create(CONFIGMAP, b("cm")));
        await(store.delete(SECRET, 0));
        until("four events", Duration.ofSeconds(10), () -> l.events.size() == 4);
        List<Event> ev = l.events;
        assertThat(s(ev.get(0).kv())).isEqualTo("a");
        assertThat(s(ev.get(1).kv())).isEqualTo("b");
        assertThat(s(ev.get(1).prev())).isEqualTo("a");
        assertThat(s(ev.get(2).kv())).isEqualTo("cm");
        assertThat(ev.get(3).type()).isEqualTo(Event.Type.DELETE);
        assertThat(s(ev.get(3).prev())).isEqualTo("b");
        watcher.cancel();
    }

    @Test
    void anUnreadableSecretFailsItsReadAndEndsAWatchWithTheReason() {
        long before = await(raw.create(CONFIGMAP, b("cm"))).revision();
        await(raw.create(SECRET, b("k8s:enc:aescbc:v1:gone:0123456789abcdef0123456789abcdef")));
        assertThat(failure(store.get(SECRET))).isInstanceOf(TransformException.class)
                .hasMessage("unable to transform key \"" + SECRET + "\": no matching prefix found");
        RecordingListener l = new RecordingListener();
        await(store.watch(EncryptingStore.SECRETS_PREFIX, before, l));
        until("the watch to close", Duration.ofSeconds(10), () -> l.closed);
        assertThat(l.closeCause).isInstanceOf(TransformException.class);
        assertThat(l.events).isEmpty();
    }

    @Test
    void aWriteThatLostOnlyToARewriteIsAppliedToTheRewrittenRevision() throws Exception {
        WriteResult w = await(store.create(SECRET, b("client-read-this")));
        long readAt = w.revision();
        assertThat(await(encryption.run(vertx, new SecretsEncryption.Command("rotate-keys", false, false))))
                .isEqualTo("keys rotated, reencryption started");
        until("re-encryption", Duration.ofSeconds(20), () -> encryption.status().stage() == EncryptionStage.REENCRYPT_FINISHED);
        KeyValue rewritten = await(raw.get(SECRET)).kv();
        assertThat(rewritten.modRevision()).isGreaterThan(readAt);
        assertThat(new String(rewritten.value(), StandardCharsets.ISO_8859_1)).startsWith("k8s:enc:aescbc:v1:aescbckey-");
        // The client's compare-and-swap still names the revision it read: the rewrite kept its plaintext.
        WriteResult u = await(store.update(SECRET, b("client-wrote-this"), readAt));
        assertThat(s(await(store.get(SECRET)).kv())).isEqualTo("client-wrote-this");
        assertThat(u.revision()).isGreaterThan(rewritten.modRevision());
        // A real concurrent change still conflicts.
        assertThat(failure(store.update(SECRET, b("stale"), readAt))).isInstanceOf(StoreException.Conflict.class);
    }

    @Test
    void stagesAreCheckedUnlessForced() {
        Throwable e = failure(encryption.run(vertx, new SecretsEncryption.Command("rotate", false, false)));
        assertThat(e).isInstanceOf(EncryptionCommandException.class)
                .hasMessageContaining("incorrect stage: expected one of [prepare], found start");
        assertThat(await(encryption.run(vertx, new SecretsEncryption.Command("prepare", false, false))))
                .isEqualTo("prepare completed successfully");
        assertThat(encryption.status().keys()).extracting(EncryptionStatus.KeyInfo::active).containsExactly(true, false);
        assertThat(await(encryption.run(vertx, new SecretsEncryption.Command("rotate", false, false))))
                .isEqualTo("rotate completed successfully");
        assertThat(encryption.status().keys().get(0).name()).startsWith("aescbckey-");
        assertThat(encryption.status().stage()).isEqualTo(EncryptionStage.ROTATE);
    }

    @Test
    void rotateKeysUnderConcurrentReadModifyWritesFailsNoneAndLosesNothing() throws Exception {
        int writers = 4;
        int keysPerWriter = 100;
        for (int w = 0; w < writers; w++) {
            for (int k = 0; k < keysPerWriter; k++) {
                await(store.create(key(w, k), b("0")));
            }
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        int[][] expected = new int[writers][keysPerWriter];
        List<Thread> threads = new java.util.ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            // Each key has one writer, so any conflict could only come from the re-encryption.
            threads.add(Thread.ofPlatform().start(() -> {
                int round = 0;
                while (!stop.get() || round < 3) {
                    // Read all of the writer's keys, then write them all: each write's compare-and-swap names a
                    // revision read a while before, the window in which a rewrite can land.
                    KeyValue[] read = new KeyValue[keysPerWriter];
                    for (int k = 0; k < keysPerWriter; k++) {
                        read[k] = await(store.get(key(writer, k))).kv();
                    }
                    for (int k = 0; k < keysPerWriter; k++) {
                        try {
                            int next = Integer.parseInt(s(read[k])) + 1;
                            await(store.update(key(writer, k), b(String.valueOf(next)), read[k].modRevision()));
                            expected[writer][k] = next;
                            writes.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                    round++;
                }
            }));
        }
        until("writes under way", Duration.ofSeconds(20), () -> writes.get() > 50);
        await(encryption.run(vertx, new SecretsEncryption.Command("rotate-keys", false, false)));
        until("re-encryption", Duration.ofSeconds(60), () -> encryption.status().stage() == EncryptionStage.REENCRYPT_FINISHED);
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(failures).isEmpty();
        assertThat(encryption.status().keys()).hasSize(1);
        String active = encryption.status().keys().get(0).name();
        for (int w = 0; w < writers; w++) {
            for (int k = 0; k < keysPerWriter; k++) {
                assertThat(s(await(store.get(key(w, k))).kv())).isEqualTo(String.valueOf(expected[w][k]));
                assertThat(new String(await(raw.get(key(w, k))).kv().value(), StandardCharsets.ISO_8859_1))
                        .startsWith("k8s:enc:aescbc:v1:" + active + ":");
            }
        }
        // The file holds only the new key now, and a reload reads every Secret.
        SecretsEncryption reloaded = SecretsEncryption.open(dir, ProviderType.AESCBC, Clock.systemUTC());
        assertThat(s(await(reloaded.wrap(raw).get(key(0, 0))).kv())).isEqualTo(String.valueOf(expected[0][0]));
    }

    @Test
    void aReencryptionInterruptedByAStopResumesAtTheNextStart() throws Exception {
        await(store.create(SECRET, b("before")));
        await(encryption.run(vertx, new SecretsEncryption.Command("prepare", false, false)));
        await(encryption.run(vertx, new SecretsEncryption.Command("rotate", false, false)));
        String oldPrefix = "k8s:enc:aescbc:v1:aescbckey:";
        assertThat(new String(await(raw.get(SECRET)).kv().value(), StandardCharsets.ISO_8859_1)).startsWith(oldPrefix);
        // The server stopped right after the re-encryption began.
        new EncryptionStateFile(dir).write(new EncryptionStateFile.State(EncryptionStage.REENCRYPT_ACTIVE, false));
        SecretsEncryption restarted = SecretsEncryption.open(dir, ProviderType.AESCBC, Clock.systemUTC());
        Store again = restarted.wrap(raw);
        restarted.resume(vertx);
        until("resumed re-encryption", Duration.ofSeconds(20),
                () -> restarted.status().stage() == EncryptionStage.REENCRYPT_FINISHED);
        assertThat(restarted.status().keys()).hasSize(1);
        assertThat(new String(await(raw.get(SECRET)).kv().value(), StandardCharsets.ISO_8859_1))
                .startsWith("k8s:enc:aescbc:v1:" + restarted.status().keys().get(0).name() + ":");
        assertThat(s(await(again.get(SECRET)).kv())).isEqualTo("before");
    }

    @Test
    void theCommittedEventStreamOpensThroughTheDecoratorEvenJustAfterARotation() throws Exception {
        WriteResult w = await(store.create(SECRET, b("stream")));
        WriteResult cm = await(store.create(CONFIGMAP, b("cm")));
        KeyValue sealed = await(raw.get(SECRET)).kv();
        io.k3j.store.EventBatch batch = new io.k3j.store.EventBatch(List.of(
                new Event(Event.Type.CREATE, sealed, null), new Event(Event.Type.CREATE, cm.kv(), null)), cm.revision());
        io.k3j.store.EventBatch opened = store.openEvents(batch);
        assertThat(opened.events()).extracting(e -> s(e.kv())).containsExactly("stream", "cm");
        assertThat(opened.revision()).isEqualTo(cm.revision());
        io.k3j.store.EventBatch plain = new io.k3j.store.EventBatch(List.of(new Event(Event.Type.CREATE, cm.kv(), null)), cm.revision());
        assertThat(store.openEvents(plain)).isSameAs(plain);
        assertThat(raw.openEvents(batch)).isSameAs(batch);
        // Keys rotated and the old one removed: an event sealed before is still on its way, and still opens.
        await(encryption.run(vertx, new SecretsEncryption.Command("rotate-keys", false, false)));
        until("re-encryption", Duration.ofSeconds(20), () -> encryption.status().stage() == EncryptionStage.REENCRYPT_FINISHED);
        assertThat(encryption.status().keys()).hasSize(1);
        assertThat(store.openEvents(batch).events()).extracting(e -> s(e.kv())).containsExactly("stream", "cm");
        // A value no key opens is left out, not passed on sealed.
        KeyValue foreign = new KeyValue(SECRET, b("k8s:enc:aescbc:v1:unknown:0123456789abcdef0123456789abcdef"),
                w.revision(), w.revision(), 0);
        assertThat(store.openEvents(new io.k3j.store.EventBatch(List.of(new Event(Event.Type.UPDATE, foreign, null)),
                w.revision())).events()).isEmpty();
    }

    private static String key(int writer, int k) {
        return EncryptingStore.SECRETS_PREFIX + "ns" + writer + "/s" + k;
    }
}
