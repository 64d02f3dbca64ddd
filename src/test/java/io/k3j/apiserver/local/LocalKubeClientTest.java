package io.k3j.apiserver.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionResource;
import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.Responses;
import io.k3j.apiserver.authz.ApiAuthorization;
import io.k3j.apiserver.rest.CachedReads;
import io.k3j.apiserver.rest.ResourceCatalog;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.auth.UserInfo;
import io.k3j.auth.rbac.Attributes;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Watch;
import io.k3j.client.WatchEvent;
import io.k3j.client.WriteOptions;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.failure;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

class LocalKubeClientTest {

    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    static final String POD_KEYS = "/registry/core/pods/";
    static final UserInfo SCHEDULER = new UserInfo("system:kube-scheduler", List.of(UserInfo.AUTHENTICATED));

    @TempDir
    Path dir;
    Vertx vertx;
    Store store;
    WatchCache cache;
    ResourceCatalog catalog;
    CachedReads reads;
    LocalApi api;
    RecordingRemote remote;
    KubeClient client;
    /** What the fake authorization was asked: "user verb resource namespace fieldSelector". */
    final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        EventBatchCodec.register(vertx);
        store = await(new MemoryStoreFactory().open(vertx, StoreOptions.defaults(dir).withEndpoint("memory://"),
                new SimpleMeterRegistry()));
        cache = new WatchCache(vertx, vertx.getOrCreateContext(), () -> store, 8);
        await(cache.start());
        catalog = new ResourceCatalog(BuiltinResources.all());
        reads = new CachedReads(catalog, cache);
        api = new LocalApi(reads, this::fakeAuthorization, true);
        remote = new RecordingRemote();
        client = api.client(vertx, SCHEDULER, remote);
    }

    @AfterEach
    void tearDown() {
        await(cache.stop());
        store.close();
        await(vertx.close());
    }

    /** Refuses mallory everything, with the HTTP filter's Status; lets anyone else through. */
    private Optional<io.vertx.core.json.JsonObject> fakeAuthorization(UserInfo user, RequestInfo info, String fieldSelector) {
        asked.add(user.name() + " " + info.verb() + " " + info.resource() + " " + info.namespace() + " " + fieldSelector);
        if (!user.name().equals("mallory")) {
            return Optional.empty();
        }
        Attributes a = Attributes.resource(info.verb(), info.apiGroup(), info.resource(), "", info.namespace(), info.name());
        return Optional.of(Responses.forbiddenStatus("pods is forbidden: User \"mallory\" cannot " + info.verb(), a));
    }

    static byte[] pod(String ns, String name, String app, String node) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns
                + "\",\"labels\":{\"app\":\"" + app + "\"},\"managedFields\":[{\"manager\":\"t\"}]},"
                + "\"spec\":{\"nodeName\":\"" + node + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    long put(String ns, String name, String app, String node) {
        String key = POD_KEYS + ns + "/" + name;
        var current = await(store.get(key)).kv();
        if (current == null || current.tombstone()) {
            return await(store.create(key, pod(ns, name, app, node))).revision();
        }
        return await(store.update(key, pod(ns, name, app, node), current.modRevision())).revision();
    }

    long delete(String ns, String name) {
        String key = POD_KEYS + ns + "/" + name;
        return await(store.delete(key, await(store.get(key)).kv().modRevision())).revision();
    }

    static List<String> names(ObjectNode list) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
        return out;
    }

    /** Runs {@code call} on {@code ctx} and awaits its outcome, checking it completes on that context too. */
    static <T> T onContext(Context ctx, Supplier<Future<T>> call) {
        Promise<T> p = Promise.promise();
        ctx.runOnContext(v -> call.get().onComplete(ar -> {
            if (Vertx.currentContext() != ctx) {
                p.tryFail(new AssertionError("completed off the caller's context"));
            } else if (ar.succeeded()) {
                p.complete(ar.result());
            } else {
                p.fail(ar.cause());
            }
        }));
        return await(p.future());
    }

    @Test
    void listsFromTheCacheWithSelectorsAndHandsOutItsTrees() {
        put("a", "p1", "web", "n1");
        put("a", "p2", "db", "n2");
        long last = put("b", "p3", "web", "n1");
        Context caller = vertx.getOrCreateContext();
        ObjectNode all = onContext(caller, () -> client.list(PODS, "", ListOptions.NONE));
        assertThat(all.path("kind").asText()).isEqualTo("PodList");
        assertThat(all.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(all.path("metadata").path("resourceVersion").asLong()).isGreaterThanOrEqualTo(last);
        assertThat(names(all)).containsExactly("p1", "p2", "p3");
        // no copies: the items are the cache's own trees, managedFields included
        WatchCache.Snapshot snap = await(cache.list(POD_KEYS, POD_KEYS, 0));
        assertThat(all.path("items").get(0)).isSameAs(snap.objects().get(0).object());
        assertThat(all.path("items").get(0).path("metadata").path("managedFields")).hasSize(1);

        assertThat(names(await(client.list(PODS, "", ListOptions.NONE.withLabelSelector("app=web"))))).containsExactly("p1", "p3");
        assertThat(names(await(client.list(PODS, "a", ListOptions.NONE.withFieldSelector("spec.nodeName=n1")))))
                .containsExactly("p1");
        assertThat(names(await(client.list(PODS, "b", ListOptions.NONE.withResourceVersion("0"))))).containsExactly("p3");
        KubeApiException bad = (KubeApiException) failure(client.list(PODS, "", ListOptions.NONE.withFieldSelector("spec.bogus=x")));
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.status().path("kind").asText()).isEqualTo("Status");
        assertThat(remote.calls).isEmpty();
    }

    @Test
    void paginatedListsGoToTheRemoteClient() {
        put("a", "p1", "web", "n1");
        ObjectNode page = await(client.list(PODS, "a", ListOptions.NONE.withLimit(1, "")));
        assertThat(page.path("remote").asBoolean()).isTrue();
        assertThat(remote.calls).containsExactly("list pods a limit=1");
    }

    @Test
    void getsReadConsistentlyAndAnswer404AsTheServer() {
        put("a", "p1", "web", "n1");
        await(store.create("/registry/core/namespaces/a", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}}"
                .getBytes(StandardCharsets.UTF_8)));
        long rev = put("a", "p1", "db", "n1"); // acknowledged just now: a get must see it
        ObjectNode p1 = onContext(vertx.getOrCreateContext(), () -> client.get(PODS, "a", "p1"));
        assertThat(p1.path("metadata").path("labels").path("app").asText()).isEqualTo("db");
        assertThat(p1.path("metadata").path("resourceVersion").asLong()).isEqualTo(rev);
        assertThat(await(client.get(NAMESPACES, "", "a")).path("kind").asText()).isEqualTo("Namespace");

        KubeApiException missing = (KubeApiException) failure(client.get(PODS, "a", "nope"));
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.reason()).isEqualTo("NotFound");
        assertThat(missing.getMessage()).isEqualTo("pods \"nope\" not found");
        KubeApiException unknown = (KubeApiException) failure(client.get(new GroupVersionResource("", "v1", "widgets"), "a", "x"));
        assertThat(unknown.code()).isEqualTo(404);
    }

    @Test
    void watchesDeliverInOrderOnTheCallersContextAndStopWhenCancelled() {
        put("a", "p1", "web", "n1");
        put("a", "p3", "web", "n1");
        String rv = await(client.list(PODS, "", ListOptions.NONE)).path("metadata").path("resourceVersion").asText();
        int watchersBefore = watchers();
        Context consumer = vertx.getOrCreateContext();
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        List<Boolean> onConsumer = new CopyOnWriteArrayList<>();
        Watch w = onContext(consumer, () -> client.watch(PODS, "", ListOptions.NONE.withResourceVersion(rv)
                .withLabelSelector("app=web").withBookmarks(true), e -> {
            seen.add(e);
            onConsumer.add(Vertx.currentContext() == consumer);
        }));
        assertThat(watchers()).isEqualTo(watchersBefore + 1);
        long r1 = put("a", "p1", "db", "n1");  // no longer matches: DELETED
        long r2 = put("a", "p4", "web", "n2"); // ADDED
        long r3 = put("a", "p3", "web", "n2"); // MODIFIED
        long r4 = delete("a", "p3");           // DELETED
        until("four events", Duration.ofSeconds(10), () -> seen.size() == 4);
        assertThat(seen.stream().map(e -> e.type() + " " + e.object().path("metadata").path("name").asText()
                + " " + e.resourceVersion()).toList()).containsExactly(
                "DELETED p1 " + r1, "ADDED p4 " + r2, "MODIFIED p3 " + r3, "DELETED p3 " + r4);
        assertThat(onConsumer).containsOnly(true);

        w.cancel();
        assertThat(w.closed().succeeded()).isTrue();
        until("the watcher unregistered", Duration.ofSeconds(10), () -> watchers() == watchersBefore);
        put("a", "p4", "web", "n3");
        await(client.list(PODS, "", ListOptions.NONE)); // the cache has dispatched that change by now
        assertThat(seen).hasSize(4);
    }

    @Test
    void aWatchFromTheStartSendsCurrentObjectsThenEndsAtItsTimeout() {
        put("a", "p1", "web", "n1");
        put("b", "p2", "web", "n1");
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        Watch w = await(client.watch(PODS, "b", ListOptions.NONE.withTimeoutSeconds(1), seen::add));
        until("the initial event", Duration.ofSeconds(10), () -> seen.size() == 1);
        assertThat(seen.getFirst().type()).isEqualTo(WatchEvent.Type.ADDED);
        assertThat(seen.getFirst().object().path("metadata").path("name").asText()).isEqualTo("p2");
        await(w.closed()); // the server-side timeout ends it normally: the informer resumes
        until("the watcher unregistered", Duration.ofSeconds(10), () -> watchers() == 1); // the guard's own remains
    }

    @Test
    void aWatchOlderThanTheCacheWindowIsServedByTheRemoteClient() {
        long first = put("a", "p1", "web", "n1");
        for (int i = 0; i < 12; i++) {
            put("a", "p1", "web", "n" + i);
        }
        await(client.list(PODS, "", ListOptions.NONE));
        KubeApiException gone = (KubeApiException) failure(client.watch(PODS, "", ListOptions.NONE
                .withResourceVersion(String.valueOf(first)), e -> { }));
        assertThat(gone.gone()).isTrue();
        assertThat(remote.calls).containsExactly("watch pods  rv=" + first);
    }

    @Test
    void aDenialIsTheFiltersForbiddenStatus() {
        put("a", "p1", "web", "n1");
        KubeClient mallory = api.client(vertx, new UserInfo("mallory", List.of(UserInfo.AUTHENTICATED)), remote);
        for (Future<?> call : List.of(mallory.get(PODS, "a", "p1"), mallory.list(PODS, "a", ListOptions.NONE),
                mallory.watch(PODS, "", ListOptions.NONE.withFieldSelector("metadata.name=p1"), e -> { }))) {
            KubeApiException k = (KubeApiException) failure(call);
            assertThat(k.code()).isEqualTo(403);
            assertThat(k.reason()).isEqualTo("Forbidden");
            assertThat(k.status().path("details").path("kind").asText()).isEqualTo("pods");
        }
        assertThat(asked).containsExactly("mallory get pods a ", "mallory list pods a ",
                "mallory watch pods  metadata.name=p1");
    }

    @Test
    void theServersAuthorizerDecidesAsForItsHttpRequests() {
        put("a", "p1", "web", "n1");
        put("a", "p2", "web", "n2");
        ApiAuthorization authz = new ApiAuthorization(vertx, cache);
        await(authz.start(store, catalog));
        LocalApi real = new LocalApi(reads, authz::refusal, false);
        KubeClient alice = real.client(vertx, new UserInfo("alice", List.of(UserInfo.AUTHENTICATED)), remote);
        KubeApiException k = (KubeApiException) failure(alice.list(PODS, "", ListOptions.NONE));
        assertThat(k.code()).isEqualTo(403);
        assertThat(k.getMessage()).isEqualTo(
                "pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" at the cluster scope");
        assertThat(names(await(real.client(vertx, SCHEDULER, remote).list(PODS, "", ListOptions.NONE))))
                .containsExactly("p1", "p2");
        // the Node authorizer: a node reads the Secrets its pods use, no others
        KubeClient n1 = real.client(vertx, new UserInfo("system:node:n1", List.of("system:nodes", UserInfo.AUTHENTICATED)), remote);
        KubeApiException other = (KubeApiException) failure(n1.get(new GroupVersionResource("", "v1", "secrets"), "a", "s"));
        assertThat(other.code()).isEqualTo(403);
        assertThat(other.getMessage()).startsWith("secrets \"s\" is forbidden: User \"system:node:n1\" cannot get resource "
                + "\"secrets\" in API group \"\" in the namespace \"a\"");
        authz.stop();
    }

    @Test
    void theGuardCatchesAComponentChangingASharedTree() {
        put("a", "p1", "web", "n1");
        put("a", "p2", "web", "n1");
        ObjectNode list = await(client.list(PODS, "a", ListOptions.NONE));
        put("a", "p2", "db", "n1"); // replaced untouched: fine
        await(client.list(PODS, "a", ListOptions.NONE));
        assertThat(api.guard().violations()).isZero();

        ((ObjectNode) list.path("items").get(0).path("metadata")).put("mutated", "by a careless component");
        put("a", "p1", "db", "n1");
        until("the guard saw it", Duration.ofSeconds(10), () -> api.guard().violations() == 1);
    }

    @Test
    void anInformerKeepsTheSharedTreesWhole() {
        put("a", "p1", "web", "n1");
        Context consumer = vertx.getOrCreateContext();
        Promise<Informer> started = Promise.promise();
        consumer.runOnContext(v -> {
            Informer inf = new Informer(vertx, client, PODS, "", ListOptions.NONE, 0);
            inf.start().onSuccess(x -> started.complete(inf));
        });
        Informer inf = await(started.future());
        ObjectNode p1 = inf.get("a", "p1");
        assertThat(p1.path("metadata").path("managedFields")).hasSize(1);
        assertThat(p1).isSameAs(await(cache.get(POD_KEYS, POD_KEYS + "a/p1", 0)).object());
        put("a", "p1", "db", "n1");
        until("the update", Duration.ofSeconds(10), () -> inf.get("a", "p1").path("metadata").path("labels")
                .path("app").asText().equals("db"));
        inf.stop();
        assertThat(api.guard().violations()).isZero();
    }

    @Test
    void aConsumerThatFallsTooFarBehindIsCutOffAndResumes() throws Exception {
        put("a", "p0", "web", "n1");
        String rv = await(client.list(PODS, "", ListOptions.NONE)).path("metadata").path("resourceVersion").asText();
        Vertx other = Vertx.vertx(); // the consumer's own thread, which the test blocks
        try {
            Context consumer = other.getOrCreateContext();
            List<WatchEvent> seen = new CopyOnWriteArrayList<>();
            Promise<Watch> watching = Promise.promise();
            consumer.runOnContext(v -> client.watch(PODS, "", ListOptions.NONE.withResourceVersion(rv), seen::add)
                    .onComplete(watching));
            Watch w = await(watching.future());
            int watchersBefore = watchers();
            CountDownLatch release = new CountDownLatch(1);
            consumer.runOnContext(v -> {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int writes = LocalWatch.MAX_BACKLOG + 100;
            for (int i = 0; i < writes; i++) {
                put("a", "p0", "web", "n" + i);
            }
            // cut off on the cache's side while the consumer is stuck, so the cache never queued more for it
            until("the slow watcher dropped", Duration.ofSeconds(30), () -> watchers() == watchersBefore - 1);
            release.countDown();
            await(w.closed());
            assertThat(seen.size()).isLessThanOrEqualTo(LocalWatch.MAX_BACKLOG).isPositive();
            // what it did get is in order, so it resumes from the last one
            List<Long> rvs = seen.stream().map(e -> Long.parseLong(e.resourceVersion())).toList();
            assertThat(rvs).isSorted();
        } finally {
            await(other.close());
        }
    }

    @Test
    void aReplayLongerThanTheBacklogLimitArrivesWhole() {
        WatchCache big = new WatchCache(vertx, vertx.getOrCreateContext(), () -> store, 4096);
        await(big.start());
        try {
            KubeClient c = new LocalApi(new CachedReads(catalog, big), this::fakeAuthorization, false)
                    .client(vertx, SCHEDULER, remote);
            put("a", "p0", "web", "n1");
            String rv = await(c.list(PODS, "", ListOptions.NONE)).path("metadata").path("resourceVersion").asText();
            int writes = LocalWatch.MAX_BACKLOG + 100;
            for (int i = 0; i < writes; i++) {
                put("a", "p0", "web", "n" + i);
            }
            await(c.list(PODS, "", ListOptions.NONE));
            // A consumer that comes back this far behind must get it all, or it would come back to the same place.
            List<WatchEvent> seen = new CopyOnWriteArrayList<>();
            Watch w = await(c.watch(PODS, "", ListOptions.NONE.withResourceVersion(rv), seen::add));
            until("the whole replay", Duration.ofSeconds(30), () -> seen.size() == writes);
            assertThat(w.closed().isComplete()).isFalse();
            w.cancel();
        } finally {
            await(big.stop());
        }
    }

    private int watchers() {
        int[] sizes = cache.sizes().get(POD_KEYS);
        return sizes == null ? 0 : sizes[1];
    }

    /** The component's HTTPS client, faked: records the calls the local client hands it. */
    static final class RecordingRemote implements KubeClient {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public Future<ObjectNode> list(GroupVersionResource r, String namespace, ListOptions options) {
            calls.add("list " + r.resource() + " " + namespace + " limit=" + options.limit());
            ObjectNode marker = io.k3j.apiserver.rest.Json.MAPPER.createObjectNode().put("remote", true);
            return Future.succeededFuture(marker);
        }

        @Override
        public Future<Watch> watch(GroupVersionResource r, String namespace, ListOptions options, WatchHandler handler) {
            calls.add("watch " + r.resource() + " " + namespace + " rv=" + options.resourceVersion());
            return Future.failedFuture(new KubeApiException(410, "Expired", "too old resource version", null));
        }

        @Override
        public Future<ObjectNode> get(GroupVersionResource r, String namespace, String name) {
            return unexpected();
        }

        @Override
        public Future<ObjectNode> create(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
            return unexpected();
        }

        @Override
        public Future<ObjectNode> createSubresource(GroupVersionResource r, String namespace, String name,
                                                    String subresource, ObjectNode body, WriteOptions options) {
            return unexpected();
        }

        @Override
        public Future<ObjectNode> update(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
            return unexpected();
        }

        @Override
        public Future<ObjectNode> updateStatus(GroupVersionResource r, String namespace, ObjectNode obj,
                                               WriteOptions options) {
            return unexpected();
        }

        @Override
        public Future<ObjectNode> patch(GroupVersionResource r, String namespace, String name, PatchType type,
                                        String body, String subresource, WriteOptions options) {
            return unexpected();
        }

        @Override
        public Future<JsonNode> delete(GroupVersionResource r, String namespace, String name, DeleteOptions options) {
            return unexpected();
        }

        @Override
        public Future<JsonNode> deleteCollection(GroupVersionResource r, String namespace, ListOptions selectors,
                                                 DeleteOptions options) {
            return unexpected();
        }

        @Override
        public Future<JsonNode> getPath(String path) {
            return unexpected();
        }

        private static <T> Future<T> unexpected() {
            return Future.failedFuture(new AssertionError("not expected of the remote client"));
        }
    }
}
