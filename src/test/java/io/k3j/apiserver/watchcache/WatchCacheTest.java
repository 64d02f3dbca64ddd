package io.k3j.apiserver.watchcache;

import io.k3j.store.EventBatchCodec;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.memory.MemoryStoreFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.failure;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

class WatchCacheTest {

    static final String PODS = "/registry/core/pods/";

    @TempDir
    Path dir;
    Vertx vertx;
    Store store;
    WatchCache cache;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        EventBatchCodec.register(vertx);
        store = await(new MemoryStoreFactory().open(vertx, StoreOptions.defaults(dir).withEndpoint("memory://"),
                new SimpleMeterRegistry()));
        cache = new WatchCache(vertx, vertx.getOrCreateContext(), () -> store, 3);
        await(cache.start());
    }

    @AfterEach
    void tearDown() {
        await(cache.stop());
        store.close();
        await(vertx.close());
    }

    static byte[] pod(String name, String label) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"l\":\""
                + label + "\"}}}").getBytes(StandardCharsets.UTF_8);
    }

    static List<String> names(List<CachedObject> objs) {
        return objs.stream().map(o -> o.object().path("metadata").path("name").asText()).toList();
    }

    @Test
    void consistentListSeesEveryAcknowledgedWrite() {
        await(store.create(PODS + "a/p1", pod("p1", "x")));
        assertThat(names(await(cache.list(PODS, PODS, -1)).objects())).containsExactly("p1");
        long rev = await(store.create(PODS + "b/p2", pod("p2", "x"))).revision();
        WatchCache.Snapshot s = await(cache.list(PODS, PODS, -1));
        assertThat(names(s.objects())).containsExactly("p1", "p2");
        assertThat(s.revision()).isGreaterThanOrEqualTo(rev);
        // A namespace's prefix sees only its own objects, with resourceVersion set from the store revision.
        WatchCache.Snapshot b = await(cache.list(PODS, PODS + "b/", -1));
        assertThat(names(b.objects())).containsExactly("p2");
        assertThat(b.objects().getFirst().object().path("metadata").path("resourceVersion").asText()).isEqualTo(String.valueOf(rev));
    }

    @Test
    void deletesAndUpdatesReachTheCache() {
        long r1 = await(store.create(PODS + "a/p1", pod("p1", "x"))).revision();
        await(cache.list(PODS, PODS, -1));
        long r2 = await(store.update(PODS + "a/p1", pod("p1", "y"), r1)).revision();
        WatchCache.Snapshot s = await(cache.list(PODS, PODS, r2));
        assertThat(s.objects().getFirst().object().path("metadata").path("labels").path("l").asText()).isEqualTo("y");
        await(store.delete(PODS + "a/p1", 0));
        assertThat(await(cache.list(PODS, PODS, -1)).objects()).isEmpty();
    }

    @Test
    void aWatchFromZeroGetsTheCurrentObjectsThenChanges() {
        await(store.create(PODS + "a/p1", pod("p1", "x")));
        Recorder w = new Recorder(PODS + "a/");
        WatchCache.Start start = await(cache.watch(PODS, 0, w));
        assertThat(names(start.initial())).containsExactly("p1");
        await(store.create(PODS + "a/p2", pod("p2", "x")));
        await(store.create(PODS + "other/p3", pod("p3", "x")));
        await(store.delete(PODS + "a/p1", 0));
        until("two events", Duration.ofSeconds(10), () -> w.events.size() >= 2);
        assertThat(w.events).extracting(CacheEvent::type).containsExactly(CacheEvent.Type.CREATE, CacheEvent.Type.DELETE);
        CachedObject deleted = w.events.get(1).deleted();
        assertThat(deleted.object().path("metadata").path("resourceVersion").asText())
                .isEqualTo(String.valueOf(w.events.get(1).revision()));
        cache.unwatch(PODS, w);
        await(store.create(PODS + "a/p4", pod("p4", "x")));
        await(cache.list(PODS, PODS, -1));
        assertThat(w.events).hasSize(2);
    }

    @Test
    void aWatchResumesFromTheWindowOrIsTooOld() {
        long r1 = await(store.create(PODS + "a/p1", pod("p1", "x"))).revision();
        await(cache.list(PODS, PODS, -1));
        long r2 = await(store.create(PODS + "a/p2", pod("p2", "x"))).revision();
        await(store.create(PODS + "a/p3", pod("p3", "x")));
        await(cache.list(PODS, PODS, -1));
        Recorder w = new Recorder(PODS);
        WatchCache.Start start = await(cache.watch(PODS, r2, w));
        assertThat(start.tooOld()).isFalse();
        assertThat(start.replay()).hasSize(1);
        assertThat(start.replay().getFirst().object().key()).isEqualTo(PODS + "a/p3");
        // The window holds 3 events: after 3 more, r1 is outside it.
        for (int i = 4; i <= 6; i++) {
            await(store.create(PODS + "a/p" + i, pod("p" + i, "x")));
        }
        await(cache.list(PODS, PODS, -1));
        assertThat(await(cache.watch(PODS, r1, new Recorder(PODS))).tooOld()).isTrue();
    }

    @Test
    void aFutureResourceVersionWaitsThenTimesOut() {
        long rev = await(store.create(PODS + "a/p1", pod("p1", "x"))).revision();
        var pending = cache.list(PODS, PODS, rev + 1);
        await(store.create(PODS + "a/p2", pod("p2", "x")));
        assertThat(names(await(pending).objects())).containsExactly("p1", "p2");
        Throwable e = failure(cache.list(PODS, PODS, rev + 100));
        assertThat(e).isInstanceOf(WatchCache.TooLargeResourceVersion.class)
                .hasMessage("Too large resource version: " + (rev + 100) + ", current: " + (rev + 1));
    }

    @Test
    void resourcePrefixOfKeys() {
        assertThat(WatchCache.resourcePrefixOf("/registry/core/pods/ns/n")).isEqualTo("/registry/core/pods/");
        assertThat(WatchCache.resourcePrefixOf("/registry/apps/deployments/ns/n")).isEqualTo("/registry/apps/deployments/");
        assertThat(WatchCache.resourcePrefixOf("/k3j/health")).isNull();
        assertThat(WatchCache.resourcePrefixOf("/registry/x")).isNull();
    }

    static final class Recorder implements CacheWatcher {
        final String prefix;
        final List<CacheEvent> events = new CopyOnWriteArrayList<>();

        Recorder(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public String prefix() {
            return prefix;
        }

        @Override
        public void onCacheEvents(List<CacheEvent> events) {
            this.events.addAll(events);
        }

        @Override
        public void onCacheClosed() {
        }
    }
}
