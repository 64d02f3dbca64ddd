package io.k3j.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.controller.LeaderElector;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.k3j.client.HttpKubeClientTest.configMap;
import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** Informers, work queues and leader election against a real in-process server. */
class InformerTest {

    static final GroupVersionResource CM = HttpKubeClientTest.CONFIGMAPS;

    @TempDir
    static Path dir;
    static InProcessServer server;
    static Vertx vertx;
    static HttpKubeClient client;

    @BeforeAll
    static void boot() {
        server = InProcessServer.start(dir);
        vertx = Vertx.vertx();
        client = server.adminClient(vertx);
    }

    @AfterAll
    static void shutdown() {
        client.close();
        await(vertx.close());
        server.close();
    }

    @Test
    void informerListsThenFollowsChangesWithIndexes() {
        await(client.create(CM, "default", labelled("before", "a"), WriteOptions.manager("t")));
        Informer inf = new Informer(vertx, client, CM, "", ListOptions.NONE, 0)
                .addIndexer("label", o -> List.of(o.path("metadata").path("labels").path("l").asText("")));
        List<String> seen = new CopyOnWriteArrayList<>();
        inf.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                record("add", obj);
            }

            @Override
            public void onUpdate(ObjectNode o, ObjectNode n) {
                record("update", n);
            }

            @Override
            public void onDelete(ObjectNode obj) {
                record("delete", obj);
            }

            // Controllers write ConfigMaps too (kube-root-ca.crt): only this test's objects count.
            private void record(String what, ObjectNode obj) {
                String name = obj.path("metadata").path("name").asText();
                if (name.equals("before") || name.equals("after")) {
                    seen.add(what + " " + name);
                }
            }
        });
        await(vertx.getOrCreateContext().<Void>executeBlocking(() -> null).compose(v -> {
            Promise<Void> p = Promise.promise();
            vertx.runOnContext(x -> inf.start().onComplete(p));
            return p.future();
        }));
        assertThat(inf.get("default", "before").path("kind").asText()).isEqualTo("ConfigMap");
        await(client.create(CM, "default", labelled("after", "b"), WriteOptions.manager("t")));
        await(client.patch(CM, "default", "before", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"l\":\"b\"}}}", "",
                WriteOptions.manager("t")));
        await(client.delete(CM, "default", "after", DeleteOptions.DEFAULT));
        until("four events", Duration.ofSeconds(20), () -> seen.contains("delete after"));
        assertThat(seen).containsSubsequence("add before", "add after", "update before", "delete after");
        assertThat(inf.byIndex("label", "b")).extracting(o -> o.path("metadata").path("name").asText())
                .containsExactly("before");
        assertThat(inf.byIndex("label", "a")).isEmpty();
        inf.stop();
    }

    static ObjectNode labelled(String name, String label) {
        ObjectNode cm = configMap(name, "1");
        ((ObjectNode) cm.get("metadata")).putObject("labels").put("l", label);
        return cm;
    }

    @Test
    void workQueueDedupsSerializesAndRetries() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Set<String> running = ConcurrentHashMap.newKeySet();
        AtomicBoolean overlap = new AtomicBoolean();
        List<Promise<Void>> held = new ArrayList<>();
        WorkQueue[] q = new WorkQueue[1];
        vertx.runOnContext(v -> q[0] = new WorkQueue(vertx, "test", 4, key -> {
            if (!running.add(key)) {
                overlap.set(true);
            }
            int n = runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (key.equals("flaky") && n < 3) {
                running.remove(key);
                return Future.failedFuture(new RuntimeException("not yet"));
            }
            if (key.equals("slow") && n == 1) {
                Promise<Void> p = Promise.promise();
                held.add(p);
                return p.future().onComplete(ar -> running.remove(key));
            }
            running.remove(key);
            return Future.succeededFuture();
        }));
        until("queue", Duration.ofSeconds(5), () -> q[0] != null);
        q[0].add("slow");
        until("slow running", Duration.ofSeconds(5), () -> held.size() == 1);
        q[0].add("slow"); // while running: once more afterwards, never concurrently
        q[0].add("slow");
        q[0].add("flaky");
        until("flaky retried to success", Duration.ofSeconds(5), () -> runs.get("flaky") != null && runs.get("flaky").get() == 3);
        vertx.runOnContext(v -> held.getFirst().complete());
        until("slow ran twice", Duration.ofSeconds(5), () -> runs.get("slow").get() == 2);
        assertThat(overlap).isFalse();
        q[0].stop();
    }

    @Test
    void oneLeaderAtATimeAndAFastHandOver() {
        AtomicBoolean aLeads = new AtomicBoolean();
        AtomicBoolean bLeads = new AtomicBoolean();
        LeaderElector.Timing fast = new LeaderElector.Timing(3_000, 2_000, 200);
        LeaderElector[] e = new LeaderElector[2];
        vertx.runOnContext(v -> {
            e[0] = new LeaderElector(vertx, client, "kube-system", "test-lock", "a", fast, () -> aLeads.set(true),
                    () -> aLeads.set(false));
            e[0].start();
        });
        until("a leads", Duration.ofSeconds(10), aLeads::get);
        vertx.runOnContext(v -> {
            e[1] = new LeaderElector(vertx, client, "kube-system", "test-lock", "b", fast, () -> bLeads.set(true),
                    () -> bLeads.set(false));
            e[1].start();
        });
        // b keeps trying for longer than a lease, yet never leads while a renews.
        long until = System.currentTimeMillis() + 4_000;
        while (System.currentTimeMillis() < until) {
            assertThat(bLeads).isFalse();
            try {
                Thread.sleep(50); // sampling an invariant over a lease period, not waiting for a condition
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
        }
        await(vertx.getOrCreateContext().<Void>executeBlocking(() -> null).compose(v -> e[0].stop()));
        until("b takes over", Duration.ofSeconds(10), bLeads::get);
        ObjectNode lease = await(client.get(new GroupVersionResource("coordination.k8s.io", "v1", "leases"), "kube-system",
                "test-lock"));
        assertThat(lease.path("spec").path("holderIdentity").asText()).isEqualTo("b");
        await(e[1].stop());
    }
}
