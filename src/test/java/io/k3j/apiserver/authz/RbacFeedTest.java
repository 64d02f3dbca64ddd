package io.k3j.apiserver.authz;

import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.auth.UserInfo;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.RbacAuthorizer;
import io.k3j.auth.rbac.RbacIndex;
import io.k3j.store.EventBatchCodec;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.memory.MemoryStoreFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** The RBAC index follows the store through the watch cache: initial load, changes, deletes, a dropped cache. */
class RbacFeedTest {

    static final String RBAC = "/registry/rbac.authorization.k8s.io/";
    static final UserInfo ALICE = new UserInfo("alice", List.of(UserInfo.AUTHENTICATED));
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    Vertx vertx;
    Context context;
    Store store;
    WatchCache cache;
    RbacIndex index;
    RbacFeed feed;
    RbacAuthorizer authorizer;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        EventBatchCodec.register(vertx);
        store = await(new MemoryStoreFactory().open(vertx, StoreOptions.defaults(dir).withEndpoint("memory://"),
                new SimpleMeterRegistry()));
        context = vertx.getOrCreateContext();
        cache = new WatchCache(vertx, context, () -> store, 64);
        await(cache.start());
        index = new RbacIndex();
        feed = new RbacFeed(vertx, cache, index);
        authorizer = new RbacAuthorizer(index);
    }

    @AfterEach
    void tearDown() {
        onContext(() -> {
            feed.stop();
            return Future.succeededFuture();
        });
        await(cache.stop());
        store.close();
        await(vertx.close());
    }

    /** Runs on the cache's context, as the API server does. */
    <T> T onContext(Supplier<Future<T>> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(p));
        return await(p.future());
    }

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] podReaderRole(String ns, String verbs) {
        return json("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"reader","namespace":"%s"},
                 "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":[%s]}]}""".formatted(ns, verbs));
    }

    static byte[] aliceBinding(String ns) {
        return json("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"alice","namespace":"%s"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"reader"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}""".formatted(ns));
    }

    boolean aliceMay(String verb, String ns) {
        return authorizer.authorize(ALICE, Attributes.resource(verb, "", "pods", "", ns, "")).allowed();
    }

    @Test
    void startCompletesWithEverythingStoredInTheIndex() {
        await(store.create(RBAC + "roles/dev/reader", podReaderRole("dev", "\"get\",\"list\"")));
        await(store.create(RBAC + "rolebindings/dev/alice", aliceBinding("dev")));
        assertThat(feed.loaded()).isFalse();
        onContext(feed::start);
        assertThat(feed.loaded()).isTrue();
        assertThat(aliceMay("list", "dev")).isTrue();
        assertThat(aliceMay("delete", "dev")).isFalse();
        assertThat(aliceMay("list", "prod")).isFalse();
    }

    @Test
    void changesAndDeletesReachTheIndexInOrder() {
        onContext(feed::start);
        assertThat(aliceMay("list", "dev")).isFalse();
        await(store.create(RBAC + "roles/dev/reader", podReaderRole("dev", "\"list\"")));
        long rev = await(store.create(RBAC + "rolebindings/dev/alice", aliceBinding("dev"))).revision();
        until("the binding is in the index", WAIT, () -> aliceMay("list", "dev"));

        long upd = await(store.update(RBAC + "roles/dev/reader", podReaderRole("dev", "\"list\",\"delete\""),
                await(store.get(RBAC + "roles/dev/reader")).kv().modRevision())).revision();
        assertThat(upd).isGreaterThan(rev);
        until("the role change is in the index", WAIT, () -> aliceMay("delete", "dev"));

        await(store.delete(RBAC + "rolebindings/dev/alice", 0));
        until("the deleted binding is gone from the index", WAIT, () -> !aliceMay("list", "dev"));
    }

    @Test
    void aDroppedCacheIsReloadedSoChangesMadeMeanwhileAreNotMissed() {
        await(store.create(RBAC + "roles/dev/reader", podReaderRole("dev", "\"list\"")));
        await(store.create(RBAC + "rolebindings/dev/alice", aliceBinding("dev")));
        onContext(feed::start);
        assertThat(aliceMay("list", "dev")).isTrue();

        // The cache stops hearing the store: it closes every watcher, and the feed registers again at once.
        await(cache.stop());
        // Meanwhile the binding moves from dev to prod; the cache misses both events.
        await(store.delete(RBAC + "rolebindings/dev/alice", 0));
        await(store.create(RBAC + "roles/prod/reader", podReaderRole("prod", "\"list\"")));
        await(store.create(RBAC + "rolebindings/prod/alice", aliceBinding("prod")));
        await(cache.start());
        // The next event reveals the gap: the cache drops everything, the feed reloads and rebuilds the index.
        await(store.create("/registry/core/configmaps/dev/poke", json("{\"kind\":\"ConfigMap\"}")));
        until("the index shows the moved binding", WAIT, () -> aliceMay("list", "prod") && !aliceMay("list", "dev"));

        // And it keeps following afterwards.
        await(store.delete(RBAC + "rolebindings/prod/alice", 0));
        until("later deletes still arrive", WAIT, () -> !aliceMay("list", "prod"));
    }

    @Test
    void objectsWithoutKindAreFiledByTheirResource() {
        await(store.create(RBAC + "clusterroles/reader", json("""
                {"metadata":{"name":"reader"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}""")));
        await(store.create(RBAC + "clusterrolebindings/alice", json("""
                {"metadata":{"name":"alice"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"reader"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}""")));
        onContext(feed::start);
        assertThat(aliceMay("get", "anywhere")).isTrue();
    }
}
