package io.k3j.apiserver.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.watchcache.CacheEvent;
import io.k3j.apiserver.watchcache.CacheWatcher;
import io.k3j.apiserver.watchcache.CachedObject;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.auth.rbac.RbacIndex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps an {@link RbacIndex} current from the API server's own watch cache, without HTTP: one cache watcher per
 * RBAC resource (roles, clusterroles, rolebindings, clusterrolebindings). {@link #start} completes once the index
 * holds everything stored; after that each committed change reaches the index as the cache applies it (on the
 * cache's event loop, in revision order).
 *
 * <p>The feed keeps its own map of the current objects per resource (references to the cache's shared, read-only
 * trees). When the cache closes a watcher (a gap in the store's event stream drops every cache), the feed
 * registers again, replaces that resource's map with the fresh snapshot and rebuilds the index, so objects deleted
 * meanwhile go too. Until then the index keeps its last state.
 */
public final class RbacFeed {

    private static final Logger LOG = Logger.getLogger(RbacFeed.class.getName());
    private static final String PREFIX = "/registry/rbac.authorization.k8s.io/";
    private static final long RETRY_MS = 200;

    /** One watched resource and the kind its objects carry in the index. */
    record Source(String resource, String kind) {
        String prefix() {
            return PREFIX + resource + "/";
        }
    }

    static final List<Source> SOURCES = List.of(
            new Source("clusterroles", RbacIndex.CLUSTER_ROLE),
            new Source("roles", RbacIndex.ROLE),
            new Source("clusterrolebindings", RbacIndex.CLUSTER_ROLE_BINDING),
            new Source("rolebindings", RbacIndex.ROLE_BINDING));

    private final Vertx vertx;
    private final WatchCache cache;
    private final RbacIndex index;
    /** Per source: storage key → current object. Touched only on the cache's event loop. */
    private final Map<Source, Map<String, JsonNode>> objects = new LinkedHashMap<>();
    private final Map<Source, Watcher> watchers = new HashMap<>();
    private volatile boolean loaded;
    private boolean stopped;

    public RbacFeed(Vertx vertx, WatchCache cache, RbacIndex index) {
        this.vertx = vertx;
        this.cache = cache;
        this.index = index;
    }

    public RbacIndex index() {
        return index;
    }

    /** Whether the index has been filled from the cache (stays true once it has). */
    public boolean loaded() {
        return loaded;
    }

    /** Registers the watchers; completes once the index holds every stored RBAC object. */
    public Future<Void> start() {
        List<Future<Void>> all = new ArrayList<>();
        for (Source s : SOURCES) {
            all.add(register(s));
        }
        return Future.all(all).map(v -> {
            rebuild();
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
            Map<String, JsonNode> current = new HashMap<>();
            for (CachedObject o : start.initial()) {
                current.put(o.key(), withKind(o.object(), s.kind()));
            }
            objects.put(s, current);
            w.ready(start.revision());
            return null;
        });
    }

    /** The cache closed a watcher: register again and rebuild from the fresh snapshot. */
    private void reregister(Source s) {
        if (stopped) {
            return;
        }
        register(s).onSuccess(v -> {
            if (loaded) {
                rebuild();
            }
        }).onFailure(e -> {
            LOG.log(Level.FINE, "RBAC feed could not re-register; retrying", new Object[]{"resource", s.resource(),
                    "error", String.valueOf(e)});
            vertx.setTimer(RETRY_MS, t -> reregister(s));
        });
    }

    private void rebuild() {
        List<JsonNode> all = new ArrayList<>();
        objects.values().forEach(m -> all.addAll(m.values()));
        try {
            index.replaceAll(all);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "RBAC index rebuild failed", new Object[]{"error", String.valueOf(e)});
        }
    }

    private void apply(Source s, CacheEvent e) {
        Map<String, JsonNode> current = objects.get(s);
        if (e.type() == CacheEvent.Type.DELETE) {
            JsonNode gone = current.remove(e.previous().key());
            if (loaded && gone != null) {
                updateIndex(() -> index.remove(gone));
            }
            return;
        }
        JsonNode obj = withKind(e.object().object(), s.kind());
        current.put(e.object().key(), obj);
        if (loaded) {
            updateIndex(() -> index.upsert(obj));
        }
    }

    /** One malformed object must not stop the feed: log it and keep going. */
    private static void updateIndex(Runnable change) {
        try {
            change.run();
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "RBAC object ignored", new Object[]{"error", String.valueOf(ex)});
        }
    }

    /** Stored objects carry their kind; an old or hand-written one might not, and the index files by kind. */
    private static JsonNode withKind(ObjectNode obj, String kind) {
        if (kind.equals(obj.path("kind").asText())) {
            return obj;
        }
        ObjectNode copy = obj.deepCopy();
        copy.put("kind", kind);
        return copy;
    }

    /**
     * Receives one resource's events. Events that arrive before the initial snapshot has been taken in are held
     * and applied after it (only those newer than the snapshot), so a change is never lost or applied twice.
     */
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
                return; // replaced after a close
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
                // Not from inside the cache's close: it may still hold the closing resource cache.
                vertx.getOrCreateContext().runOnContext(v -> reregister(source));
            }
        }
    }
}
