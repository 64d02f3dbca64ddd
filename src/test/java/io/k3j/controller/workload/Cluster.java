package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeApiException;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.k3j.store.Await.await;

/**
 * One in-process k3j (with its controller manager) shared by the workload controller tests, injected as a parameter
 * and closed when the whole run ends. Each test works in its own namespace. There is no kubelet: {@link #makeReady}
 * binds a pod and reports it Running and Ready as a hollow node would.
 */
public final class Cluster implements AutoCloseable {

    static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    static final GroupVersionResource BINDINGS = new GroupVersionResource("", "v1", "bindings");
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");

    final Path dir;
    final InProcessServer server;
    final Vertx vertx;
    volatile HttpKubeClient client;
    final io.vertx.core.Context context;

    private Cluster() {
        try {
            dir = Files.createTempDirectory("k3j-workload-test");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server = InProcessServer.start(dir);
        vertx = Vertx.vertx();
        client = server.adminClient(vertx);
        context = vertx.getOrCreateContext();
    }

    /** Injects the one shared Cluster; JUnit closes it (AutoCloseable in the root store) when the run ends. */
    public static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == Cluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent("k3j-workload-cluster", k -> new Cluster(), Cluster.class);
        }
    }

    @Override
    public void close() {
        client.close();
        await(vertx.close());
        server.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** A fresh namespace for one test. */
    String namespace() {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode ns = Meta.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", name);
        call(k -> k.create(NAMESPACES, "", ns, WriteOptions.manager("test")));
        return name;
    }

    void deleteNamespace(String name) {
        if (name == null) {
            return;
        }
        call(k -> k.delete(NAMESPACES, "", name, DeleteOptions.DEFAULT));
    }

    ObjectNode create(GroupVersionResource r, String ns, String json) {
        ObjectNode obj = (ObjectNode) parse(json);
        return call(k -> k.create(r, ns, obj, WriteOptions.manager("test")));
    }

    static JsonNode parse(String json) {
        try {
            return Meta.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    ObjectNode get(GroupVersionResource r, String ns, String name) {
        return call(k -> k.get(r, ns, name));
    }

    /**
     * Runs one request, and once more on a fresh client when it gets no answer in 15 s. Seen here (not understood
     * yet): after a while one HttpKubeClient's requests can stall while a fresh client is answered at once.
     */
    <T> T call(java.util.function.Function<HttpKubeClient, io.vertx.core.Future<T>> request) {
        HttpKubeClient k = client;
        try {
            return onContext(() -> request.apply(k)).toCompletionStage().toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("test client got no answer in 15 s; retrying on a fresh client");
            synchronized (this) {
                if (client == k) {
                    client = server.adminClient(vertx);
                }
            }
            return await(onContext(() -> request.apply(client)));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new RuntimeException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    /** Issues a request from the test's one Vert.x context (the client is not used from foreign threads directly). */
    <T> io.vertx.core.Future<T> onContext(Supplier<io.vertx.core.Future<T>> request) {
        io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
        context.runOnContext(v -> request.get().onComplete(p));
        return p.future();
    }

    ObjectNode getOrNull(GroupVersionResource r, String ns, String name) {
        try {
            return call(k -> k.get(r, ns, name));
        } catch (KubeApiException e) {
            if (e.notFound()) {
                return null;
            }
            throw e;
        }
    }

    ObjectNode patch(GroupVersionResource r, String ns, String name, String mergePatch) {
        return call(k -> k.patch(r, ns, name, PatchType.MERGE, mergePatch, "", WriteOptions.manager("test")));
    }

    List<ObjectNode> list(GroupVersionResource r, String ns) {
        return list(r, ns, "");
    }

    List<ObjectNode> list(GroupVersionResource r, String ns, String labelSelector) {
        ObjectNode l = call(k -> k.list(r, ns, ListOptions.NONE.withLabelSelector(labelSelector)));
        List<ObjectNode> out = new ArrayList<>();
        l.path("items").forEach(i -> out.add((ObjectNode) i));
        return out;
    }

    List<ObjectNode> pods(String ns) {
        return list(Resources.PODS, ns);
    }

    /** Active pods (not terminating, not finished). */
    List<ObjectNode> activePods(String ns) {
        return pods(ns).stream().filter(Pods::active).toList();
    }

    /** Messages of Events about {@code name} in {@code ns}. */
    List<String> events(String ns, String name) {
        return list(EVENTS, ns).stream().filter(e -> e.path("involvedObject").path("name").asText().equals(name))
                .map(e -> e.path("reason").asText() + ": " + e.path("message").asText()).toList();
    }

    /** Binds the pod to {@code node} (unless bound) and reports it Running and Ready, as a hollow node would. */
    void makeReady(ObjectNode pod, String node) {
        setStatus(pod, node, "Running", true, Instant.now());
    }

    void setStatus(ObjectNode pod, String node, String phase, boolean ready, Instant readySince) {
        String ns = Meta.namespace(pod);
        String name = Meta.name(pod);
        if (Pods.nodeName(pod).isEmpty() && node != null) {
            ObjectNode b = Meta.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Binding");
            b.putObject("metadata").put("name", name).put("namespace", ns);
            b.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
            call(k -> k.create(BINDINGS, ns, b, WriteOptions.manager("test")));
        }
        for (int attempt = 0; ; attempt++) {
            ObjectNode cur = get(Resources.PODS, ns, name).deepCopy();
            ObjectNode status = Meta.obj(cur, "status");
            status.put("phase", phase);
            status.put("podIP", "10.42.0." + (1 + Math.abs(name.hashCode() % 250)));
            status.putArray("podIPs").addObject().put("ip", status.path("podIP").asText());
            String t = readySince.truncatedTo(ChronoUnit.SECONDS).toString();
            var conds = status.putArray("conditions");
            conds.addObject().put("type", "PodScheduled").put("status", "True").put("lastTransitionTime", t);
            conds.addObject().put("type", "Ready").put("status", ready ? "True" : "False").put("lastTransitionTime", t);
            conds.addObject().put("type", "ContainersReady").put("status", ready ? "True" : "False").put("lastTransitionTime", t);
            var cs = status.putArray("containerStatuses");
            for (JsonNode c : cur.path("spec").path("containers")) {
                ObjectNode s = cs.addObject().put("name", c.path("name").asText()).put("image", c.path("image").asText())
                        .put("ready", ready).put("restartCount", 0).put("started", "Running".equals(phase));
                if ("Running".equals(phase)) {
                    s.putObject("state").putObject("running").put("startedAt", t);
                } else if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                    s.putObject("state").putObject("terminated").put("exitCode", "Succeeded".equals(phase) ? 0 : 1)
                            .put("reason", "Succeeded".equals(phase) ? "Completed" : "Error").put("startedAt", t).put("finishedAt", t);
                }
            }
            try {
                call(k -> k.updateStatus(Resources.PODS, ns, cur, WriteOptions.manager("test")));
                return;
            } catch (KubeApiException e) {
                if (!e.conflict() || attempt > 5) {
                    throw e;
                }
            }
        }
    }

    /** Makes every active, not-yet-ready pod in {@code ns} ready on {@code node}; returns how many. */
    int readyAll(String ns, String node) {
        int n = 0;
        for (ObjectNode p : activePods(ns)) {
            if (!Pods.ready(p)) {
                makeReady(p, node);
                n++;
            }
        }
        return n;
    }

    /**
     * A stand-in kubelet for {@code ns} until closed: binds every new active pod to {@code node} and reports it Running
     * and Ready (pods for which {@code skip} is true are left alone).
     */
    AutoCloseable kubelet(String ns, String node, Predicate<ObjectNode> skip) {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                try {
                    for (ObjectNode p : activePods(ns)) {
                        if (!Pods.ready(p) && !skip.test(p)) {
                            makeReady(p, node);
                        }
                    }
                } catch (RuntimeException e) {
                    // a pod deleted under us: the next round sees the new state
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return () -> {
            stop.set(true);
            t.join();
        };
    }

    static void eventually(String what, Supplier<Boolean> cond) {
        eventually(what, Duration.ofSeconds(30), cond);
    }

    static void eventually(String what, Duration timeout, Supplier<Boolean> cond) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(cond.get())) {
                    return;
                }
            } catch (AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what, last);
    }

    static <T> Predicate<T> not(Predicate<T> p) {
        return p.negate();
    }
}
