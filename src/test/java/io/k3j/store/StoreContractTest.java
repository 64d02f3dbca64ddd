package io.k3j.store;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.failure;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The semantics every backend must keep. One subclass per backend supplies {@link #options}; everything else is
 * shared, so a backend that passes here is interchangeable with the others.
 */
public abstract class StoreContractTest {

    protected static final Duration WAIT = Duration.ofSeconds(30);

    protected Vertx vertx;
    protected Store store;

    /** Options for a fresh, empty store of the backend under test. */
    protected abstract StoreOptions options() throws Exception;

    protected Store open(StoreOptions options) {
        return await(StoreRegistry.defaults().open(vertx, options, null));
    }

    @BeforeEach
    void openStore() throws Exception {
        vertx = Vertx.vertx();
        store = open(options());
    }

    @AfterEach
    void closeStore() {
        try {
            if (store != null) {
                await(store.closeAsync());
            }
        } finally {
            await(vertx.close());
        }
    }

    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void createGetUpdateDeleteAssignIncreasingRevisions() {
        WriteResult c = await(store.create("/registry/pods/default/a", b("v1")));
        assertThat(c.prev()).isNull();
        assertThat(c.kv().createRevision()).isEqualTo(c.revision());
        GetResult g = await(store.get("/registry/pods/default/a"));
        assertThat(s(g.kv().value())).isEqualTo("v1");
        assertThat(g.kv().modRevision()).isEqualTo(c.revision());
        assertThat(g.revision()).isGreaterThanOrEqualTo(c.revision());

        WriteResult u = await(store.update("/registry/pods/default/a", b("v2"), c.revision()));
        assertThat(u.revision()).isGreaterThan(c.revision());
        assertThat(s(u.prev().value())).isEqualTo("v1");
        assertThat(u.kv().createRevision()).isEqualTo(c.revision());

        WriteResult d = await(store.delete("/registry/pods/default/a", u.revision()));
        assertThat(d.revision()).isGreaterThan(u.revision());
        assertThat(s(d.prev().value())).isEqualTo("v2");
        assertThat(await(store.get("/registry/pods/default/a")).value()).isEmpty();
        assertThat(await(store.currentRevision())).isEqualTo(d.revision());

        // Reading the past: the key as of the create.
        assertThat(s(await(store.get("/registry/pods/default/a", c.revision())).kv().value())).isEqualTo("v1");
        // A deleted key can be created again, as a new incarnation.
        WriteResult again = await(store.create("/registry/pods/default/a", b("v3")));
        assertThat(again.kv().createRevision()).isEqualTo(again.revision());
    }

    @Test
    void casConflictsReturnTheCurrentValue() {
        WriteResult c = await(store.create("/k/a", b("one")));
        Throwable exists = failure(store.create("/k/a", b("dup")));
        assertThat(exists).isInstanceOf(StoreException.KeyExists.class);
        assertThat(s(((StoreException.KeyExists) exists).current().value())).isEqualTo("one");

        WriteResult u = await(store.update("/k/a", b("two"), c.revision()));
        Throwable stale = failure(store.update("/k/a", b("three"), c.revision()));
        assertThat(stale).isInstanceOf(StoreException.Conflict.class);
        KeyValue current = ((StoreException.Conflict) stale).current();
        assertThat(s(current.value())).isEqualTo("two");
        assertThat(current.modRevision()).isEqualTo(u.revision());

        assertThat(failure(store.delete("/k/a", c.revision()))).isInstanceOf(StoreException.Conflict.class);
        assertThat(failure(store.update("/k/missing", b("x"), 1))).isInstanceOf(StoreException.NotFound.class);
        assertThat(failure(store.delete("/k/missing", 0))).isInstanceOf(StoreException.NotFound.class);
        // Failed writes take no revision.
        assertThat(await(store.currentRevision())).isEqualTo(u.revision());
    }

    @Test
    void concurrentCasHasExactlyOneWinner() {
        WriteResult c = await(store.create("/k/race", b("0")));
        List<Future<WriteResult>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attempts.add(store.update("/k/race", b("w" + i), c.revision()));
        }
        await(Future.join(attempts).otherwiseEmpty());
        long winners = attempts.stream().filter(Future::succeeded).count();
        assertThat(winners).isEqualTo(1);
        assertThat(attempts.stream().filter(Future::failed).map(Future::cause))
                .allMatch(e -> e instanceof StoreException.Conflict);
    }

    @Test
    void rangePagesAreConsistentAndCountMatches() {
        for (int i = 0; i < 25; i++) {
            await(store.create(String.format("/registry/configmaps/ns/cm-%02d", i), b("v" + i)));
        }
        await(store.create("/registry/configmapsX/other", b("x")));
        await(store.create("/registry/secrets/ns/s", b("x")));
        await(store.delete("/registry/configmaps/ns/cm-03", 0));

        RangeResult first = await(store.range("/registry/configmaps/", null, 10, 0));
        assertThat(first.kvs()).hasSize(10);
        assertThat(first.more()).isTrue();
        long rev = first.revision();
        // Writes after the first page must not show up in later pages read at the same revision.
        await(store.create("/registry/configmaps/ns/cm-99", b("late")));
        List<KeyValue> all = new ArrayList<>(first.kvs());
        RangeResult page = first;
        while (page.more()) {
            page = await(store.range("/registry/configmaps/", page.kvs().getLast().key() + "\0", 10, rev));
            assertThat(page.revision()).isEqualTo(rev);
            all.addAll(page.kvs());
        }
        assertThat(all).hasSize(24);
        assertThat(all).extracting(KeyValue::key).isSorted().doesNotContain("/registry/configmaps/ns/cm-03");
        assertThat(await(store.count("/registry/configmaps/"))).isEqualTo(25);
        assertThat(await(store.range("/registry/configmaps/", null, 0, 0)).kvs()).hasSize(25);
    }

    @Test
    void watchDeliversEveryChangeInOrderWithPreviousValues() {
        RecordingListener l = new RecordingListener();
        await(store.watch("/registry/pods/", 0, l));
        WriteResult c = await(store.create("/registry/pods/ns/p", b("1")));
        await(store.create("/registry/nodes/n", b("other prefix")));
        WriteResult u = await(store.update("/registry/pods/ns/p", b("2"), c.revision()));
        WriteResult d = await(store.delete("/registry/pods/ns/p", u.revision()));
        until("3 events", WAIT, () -> l.events.size() == 3);
        assertThat(l.events).extracting(Event::type)
                .containsExactly(Event.Type.CREATE, Event.Type.UPDATE, Event.Type.DELETE);
        assertThat(l.revisions()).containsExactly(c.revision(), u.revision(), d.revision());
        assertThat(s(l.events.get(1).prev().value())).isEqualTo("1");
        assertThat(s(l.events.get(2).prev().value())).isEqualTo("2");
        assertThat(l.events.get(2).kv().tombstone()).isTrue();
    }

    @Test
    void concurrentWritersAreSeenExactlyOnceInRevisionOrder() {
        RecordingListener l = new RecordingListener();
        await(store.watch("/c/", 0, l));
        List<Future<WriteResult>> writes = new ArrayList<>();
        // 640 writes in one burst stay below the test's watch buffer (1000), so the watcher must not lag out.
        for (int w = 0; w < 16; w++) {
            for (int i = 0; i < 40; i++) {
                writes.add(store.create("/c/w" + w + "/" + i, b("x")));
            }
        }
        await(Future.all(writes));
        until("640 events", WAIT, () -> l.events.size() >= 640 || l.closed);
        assertThat(l.closeCause).isNull();
        List<Long> revs = l.revisions();
        assertThat(revs).hasSize(640).isSorted().doesNotHaveDuplicates();
        assertThat(revs).containsExactlyInAnyOrderElementsOf(writes.stream().map(f -> f.result().revision()).toList());
    }

    @Test
    void watchResumesFromLastSeenRevisionWithoutGapsOrRepeats() {
        RecordingListener first = new RecordingListener();
        Watcher w = await(store.watch("/r/", 0, first));
        for (int i = 0; i < 10; i++) {
            await(store.create("/r/" + i, b("x")));
        }
        until("10 events", WAIT, () -> first.events.size() == 10);
        long last = first.events.getLast().revision();
        w.cancel();
        until("closed", WAIT, () -> first.closed);
        assertThat(first.closeCause).isNull();
        for (int i = 10; i < 20; i++) {
            await(store.create("/r/" + i, b("x")));
        }
        RecordingListener second = new RecordingListener();
        await(store.watch("/r/", last, second));
        await(store.create("/r/20", b("x")));
        until("11 events", WAIT, () -> second.events.size() == 11);
        assertThat(second.events).extracting(Event::key)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(10, 20).mapToObj(i -> "/r/" + i).toList());
        // Starting from the very beginning replays all history.
        RecordingListener all = new RecordingListener();
        await(store.watch("/r/", 1, all));
        until("20 events", WAIT, () -> all.events.size() == 20);
        assertThat(all.revisions()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void compactionMakesOldRevisionsUnreadableButKeepsLiveKeys() {
        WriteResult a = await(store.create("/x/a", b("a1")));
        WriteResult a2 = await(store.update("/x/a", b("a2"), a.revision()));
        WriteResult bb = await(store.create("/x/b", b("b1")));
        await(store.delete("/x/b", bb.revision()));
        WriteResult c = await(store.create("/x/c", b("c1")));
        long compactAt = await(store.compact(c.revision()));
        assertThat(compactAt).isEqualTo(c.revision());
        assertThat(await(store.compactRevision())).isEqualTo(c.revision());

        assertThat(failure(store.get("/x/a", a.revision()))).isInstanceOf(StoreException.Compacted.class);
        assertThat(failure(store.range("/x/", null, 0, a2.revision()))).isInstanceOf(StoreException.Compacted.class);
        Throwable watchErr = failure(store.watch("/x/", a.revision(), new RecordingListener()));
        assertThat(watchErr).isInstanceOf(StoreException.Compacted.class);
        assertThat(((StoreException.Compacted) watchErr).compactRevision()).isEqualTo(c.revision());

        assertThat(s(await(store.get("/x/a")).kv().value())).isEqualTo("a2");
        assertThat(await(store.get("/x/b")).value()).isEmpty();
        assertThat(await(store.range("/x/", null, 0, 0)).kvs()).extracting(KeyValue::key).containsExactly("/x/a", "/x/c");
        // Revisions keep counting after compaction; watching from the compacted revision works.
        RecordingListener l = new RecordingListener();
        await(store.watch("/x/", c.revision(), l));
        WriteResult d = await(store.create("/x/d", b("d")));
        assertThat(d.revision()).isGreaterThan(c.revision());
        until("1 event", WAIT, () -> l.events.size() == 1);
        await(store.update("/x/a", b("a3"), a2.revision()));
    }

    @Test
    void leasedKeysExpireAndWatchersSeeTheDelete() {
        RecordingListener l = new RecordingListener();
        await(store.watch("/registry/events/", 0, l));
        await(store.create("/registry/events/ns/e1", b("event"), Duration.ofMillis(300)));
        await(store.create("/registry/events/ns/keep", b("event"), Duration.ofHours(1)));
        until("lease expiry", WAIT, () -> await(store.get("/registry/events/ns/e1")).kv() == null);
        until("delete event", WAIT, () -> l.events.size() == 3);
        assertThat(l.events.get(2).type()).isEqualTo(Event.Type.DELETE);
        assertThat(l.events.get(2).key()).isEqualTo("/registry/events/ns/e1");
        assertThat(await(store.get("/registry/events/ns/keep")).kv()).isNotNull();
    }

    @Test
    void eventsArePublishedOnTheEventBusByReference() {
        List<EventBatch> batches = new CopyOnWriteArrayList<>();
        await(vertx.eventBus().<EventBatch>consumer(StoreAddresses.EVENTS, m -> batches.add(m.body())).completion());
        WriteResult c = await(store.create("/bus/a", b("x")));
        until("batch", WAIT, () -> batches.stream().anyMatch(bt -> bt.revision() >= c.revision()));
        assertThat(batches.stream().flatMap(bt -> bt.events().stream()).map(Event::revision)).contains(c.revision());
        EventBatchCodec.register(vertx); // idempotent
    }

    @Test
    void slowWatcherIsDroppedWithoutBlockingWritersOrOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener fast = new RecordingListener();
        await(store.watch("/slow/", 0, fast));
        RecordingListener slow = new RecordingListener() {
            @Override
            public void onEvents(List<Event> batch) {
                super.onEvents(batch);
                try {
                    release.await(20, TimeUnit.SECONDS); // a listener stuck on its (worker) thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Promise<Watcher> slowWatch = Promise.promise();
        // A worker context, so the stuck listener blocks only itself.
        await(vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                return store.watch("/slow/", 0, slow).onComplete(slowWatch);
            }
        }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
        await(slowWatch.future());
        int n = bufferLimit() * 3;
        for (int chunk = 0; chunk < n; chunk += 50) {
            List<Future<WriteResult>> writes = new ArrayList<>();
            for (int i = chunk; i < chunk + 50; i++) {
                writes.add(store.create("/slow/" + i, b("x")));
            }
            await(Future.all(writes)); // writers finish although one watcher is stuck
        }
        until("fast watcher has all", WAIT, () -> fast.events.size() == n);
        // The drop happened inside publish, before the writes completed; the stuck listener hears of it once free.
        release.countDown();
        until("slow watcher closed", WAIT, () -> slow.closed);
        assertThat(slow.closeCause).isInstanceOf(StoreException.WatchLagged.class);
        long resume = ((StoreException.WatchLagged) slow.closeCause).resumeRevision();
        // It can resume from what it saw and gets the rest.
        RecordingListener again = new RecordingListener();
        await(store.watch("/slow/", resume, again));
        until("rest delivered", WAIT, () -> slow.events.size() + again.events.size() == n);
        assertThat(again.events.getFirst().revision()).isEqualTo(resume + 1);
    }

    @Test
    void droppingTheOnlyWatcherOfAPrefixLeavesTheOthersWorking() {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener other = new RecordingListener();
        await(store.watch("/other/", 0, other));
        RecordingListener stuck = new RecordingListener() {
            @Override
            public void onEvents(List<Event> batch) {
                super.onEvents(batch);
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Promise<Watcher> w = Promise.promise();
        await(vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                return store.watch("/alone/", 0, stuck).onComplete(w);
            }
        }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
        await(w.future());
        for (int chunk = 0; chunk < bufferLimit() * 3; chunk += 50) {
            List<Future<WriteResult>> writes = new ArrayList<>();
            for (int i = chunk; i < chunk + 50; i++) {
                writes.add(store.create("/alone/" + i, b("x")));
            }
            await(Future.all(writes));
        }
        release.countDown();
        until("stuck watcher closed", WAIT, () -> stuck.closed);
        await(store.create("/other/after", b("x")));
        until("other watcher still served", WAIT, () -> other.events.size() == 1);
    }

    /** Must match the watchBuffer in {@link #options()}. */
    protected int bufferLimit() {
        return 1000;
    }

    @Test
    void contextOfCallerReceivesResults() {
        Context ctx = vertx.getOrCreateContext();
        Promise<Boolean> same = Promise.promise();
        ctx.runOnContext(v -> store.create("/ctx/a", b("x"))
                .onComplete(ar -> same.complete(Vertx.currentContext() == ctx)));
        assertThat(await(same.future())).isTrue();
        Promise<Boolean> sameRead = Promise.promise();
        ctx.runOnContext(v -> store.get("/ctx/a").onComplete(ar -> sameRead.complete(Vertx.currentContext() == ctx)));
        assertThat(await(sameRead.future())).isTrue();
    }
}
