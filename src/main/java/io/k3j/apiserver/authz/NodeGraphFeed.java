package io.k3j.apiserver.authz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.watchcache.CacheEvent;
import io.k3j.apiserver.watchcache.CacheWatcher;
import io.k3j.apiserver.watchcache.CachedObject;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.auth.node.NodeGraph;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the Node authorizer's {@link NodeGraph} current from the API server's watch cache, as upstream's graph
 * populator does from informers: pods, PersistentVolumes and VolumeAttachments. Each change touches only the
 * object it is about. When the cache closes a watcher (a gap in the store's stream), the feed registers again and
 * replaces that kind's part of the graph with the fresh snapshot.
 */
public final class NodeGraphFeed {

    private static final Logger LOG = Logger.getLogger(NodeGraphFeed.class.getName());
    private static final long RETRY_MS = 200;

    /** One watched resource: how to put a whole snapshot, one object, and a deletion into the graph. */
    private record Source(String prefix, Consumer<List<ObjectNode>> replace, Consumer<ObjectNode> upsert,
                          BiConsumer<String, String> remove, BiPredicate<ObjectNode, ObjectNode> sameEdges) {
    }

    private final Vertx vertx;
    private final WatchCache cache;
    private final NodeGraph graph;
    private final List<Source> sources;
    private final Map<Source, Watcher> watchers = new HashMap<>();
    private volatile boolean loaded;
    private boolean stopped;

    public NodeGraphFeed(Vertx vertx, WatchCache cache, NodeGraph graph) {
        this.vertx = vertx;
        this.cache = cache;
        this.graph = graph;
        this.sources = List.of(
                new Source("/registry/core/pods/", graph::replacePods, graph::upsertPod, graph::removePod,
                        NodeGraphFeed::samePodEdges),
                new Source("/registry/core/persistentvolumes/", graph::replacePvs, graph::upsertPv,
                        (ns, name) -> graph.removePv(name), (a, b) -> false),
                new Source("/registry/storage.k8s.io/volumeattachments/", graph::replaceVolumeAttachments,
                        graph::upsertVolumeAttachment, (ns, name) -> graph.removeVolumeAttachment(name),
                        (a, b) -> false));
    }

    public NodeGraph graph() {
        return graph;
    }

    /** Whether the graph has been filled from the cache (stays true once it has). */
    public boolean loaded() {
        return loaded;
    }

    /** Registers the watchers; completes once the graph holds every stored pod, PV and VolumeAttachment. */
    public Future<Void> start() {
        List<Future<Void>> all = new ArrayList<>();
        for (Source s : sources) {
            all.add(register(s));
        }
        return Future.all(all).map(v -> {
            loaded = true;
            return null;
        });
    }

    public void stop() {
        stopped = true;
        watchers.forEach((s, w) -> cache.unwatch(s.prefix(), w));
        watchers.clear();
    }

    private Future<Void> register(Source s) {
        Watcher w = new Watcher(s);
        watchers.put(s, w);
        return cache.watch(s.prefix(), 0, w).map(start -> {
            List<ObjectNode> current = new ArrayList<>(start.initial().size());
            for (CachedObject o : start.initial()) {
                current.add(o.object());
            }
            guarded(() -> s.replace().accept(current));
            w.ready(start.revision());
            return null;
        });
    }

    private void reregister(Source s) {
        if (stopped) {
            return;
        }
        register(s).onFailure(e -> {
            LOG.log(Level.FINE, "node graph feed could not re-register; retrying",
                    new Object[]{"prefix", s.prefix(), "error", String.valueOf(e)});
            vertx.setTimer(RETRY_MS, t -> reregister(s));
        });
    }

    private void apply(Source s, CacheEvent e) {
        if (e.type() == CacheEvent.Type.DELETE) {
            var meta = e.previous().object().path("metadata");
            guarded(() -> s.remove().accept(meta.path("namespace").asText(""), meta.path("name").asText("")));
        } else if (e.previous() == null || !s.sameEdges().test(e.previous().object(), e.object().object())) {
            guarded(() -> s.upsert().accept(e.object().object()));
        }
    }

    /**
     * Whether a pod update leaves its edges as they were: same node, same uid, same resource claim statuses and
     * ephemeral containers (the only parts of a bound pod's references that can change). Most pod updates are
     * status reports, which then cost nothing here, as upstream's populator skips them.
     */
    static boolean samePodEdges(ObjectNode before, ObjectNode after) {
        var s0 = before.path("spec");
        var s1 = after.path("spec");
        return s0.path("nodeName").equals(s1.path("nodeName"))
                && before.path("metadata").path("uid").equals(after.path("metadata").path("uid"))
                && before.path("status").path("resourceClaimStatuses").equals(after.path("status").path("resourceClaimStatuses"))
                && before.path("status").path("extendedResourceClaimStatus")
                        .equals(after.path("status").path("extendedResourceClaimStatus"))
                && s0.path("ephemeralContainers").equals(s1.path("ephemeralContainers"));
    }

    /** One malformed object must not stop the feed. */
    private static void guarded(Runnable change) {
        try {
            change.run();
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "node graph: object ignored", new Object[]{"error", String.valueOf(ex)});
        }
    }

    /** Holds events that arrive before the snapshot is taken in, then applies those newer than it (as RbacFeed). */
    private final class Watcher implements CacheWatcher {
        private final Source source;
        private List<CacheEvent> early = new ArrayList<>();
        private long snapshotRevision = -1;

        Watcher(Source source) {
            this.source = source;
        }

        void ready(long revision) {
            snapshotRevision = revision;
            List<CacheEvent> held = early;
            early = null;
            held.stream().filter(e -> e.revision() > revision).forEach(e -> apply(source, e));
        }

        @Override
        public String prefix() {
            return source.prefix();
        }

        @Override
        public void onCacheEvents(List<CacheEvent> events) {
            if (watchers.get(source) != this) {
                return;
            }
            if (early != null) {
                early.addAll(events);
                return;
            }
            for (CacheEvent e : events) {
                if (e.revision() > snapshotRevision) {
                    apply(source, e);
                }
            }
        }

        @Override
        public void onCacheClosed() {
            if (watchers.get(source) == this) {
                vertx.getOrCreateContext().runOnContext(v -> reregister(source));
            }
        }
    }
}
