package io.k3j.apiserver.watchcache;

import io.k3j.store.Event;
import io.k3j.store.EventBatch;
import io.k3j.store.Store;
import io.k3j.store.StoreAddresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server's in-memory view of the store, one {@link ResourceCache} per resource, all fed by a single
 * subscription to the store's committed-event stream ({@link StoreAddresses#EVENTS}). Lists at "any" or "latest"
 * resourceVersion and every watch are served from here, so N watchers cost one subscription and each change is
 * parsed once, not once per watcher.
 *
 * <p>A resource's cache is built on first use (a range read at revision R, then the stream's events above R) and
 * kept for the life of the server, as kube-apiserver's cacher. Revisions in the stream are gapless; a gap (which
 * only a lost message could cause) drops every cache and ends every watch, and clients resume from the store.
 *
 * <p>Confined to one event loop: public methods may be called from any thread and hop onto it.
 */
public final class WatchCache {

    private static final Logger LOG = Logger.getLogger(WatchCache.class.getName());
    /** How long a request for a future resourceVersion waits for the cache, as kube-apiserver (3 s). */
    static final long FUTURE_REVISION_WAIT_MS = 3_000;

    /** A consistent view of one prefix: its objects and the revision they reflect. */
    public record Snapshot(List<CachedObject> objects, long revision) {
    }

    /** The outcome of starting a watch: events to replay first, or "too old" when the window has moved past. */
    public record Start(List<CachedObject> initial, List<CacheEvent> replay, long revision, boolean tooOld) {
    }

    private final Vertx vertx;
    private final Context context;
    private final Function<Void, Store> store;
    private final int historyCapacity;
    private final Map<String, ResourceCache> caches = new HashMap<>();
    private final Map<String, Future<ResourceCache>> loading = new HashMap<>();
    private final Map<String, List<Event>> pendingWhileLoading = new HashMap<>();
    private final TreeMap<Long, List<Promise<Void>>> waiters = new TreeMap<>();
    private MessageConsumer<EventBatch> consumer;
    /** The stream's position: the revision after the last batch received (0 before the first). */
    private long streamRevision;

    public WatchCache(Vertx vertx, Context context, java.util.function.Supplier<Store> store, int historyCapacity) {
        this.vertx = vertx;
        this.context = context;
        this.store = v -> store.get();
        this.historyCapacity = historyCapacity;
    }

    /**
     * The event loop this cache is confined to. A caller that must act in the same task as a cache step (an
     * in-process watch that registers, then replays what it must see first, before any later event) runs there.
     */
    public Context context() {
        return context;
    }

    /** Subscribes to the store's event stream; call once, before the API serves requests. */
    public Future<Void> start() {
        return onContext(() -> {
            consumer = vertx.eventBus().localConsumer(StoreAddresses.EVENTS,
                    msg -> onBatch(store.apply(null).openEvents(msg.body())));
            return consumer.completion();
        });
    }

    public Future<Void> stop() {
        return onContext(() -> {
            caches.values().forEach(ResourceCache::closeWatchers);
            caches.clear();
            return consumer == null ? Future.succeededFuture() : consumer.unregister();
        });
    }

    /**
     * The objects under {@code keyPrefix} of the resource {@code resourcePrefix}, as of a revision at least
     * {@code minRevision} (0 = whatever the cache holds; -1 = the store's latest, a consistent read).
     */
    public Future<Snapshot> list(String resourcePrefix, String keyPrefix, long minRevision) {
        return onContext(() -> cache(resourcePrefix).compose(c -> atLeast(c, minRevision).map(v ->
                new Snapshot(c.snapshot(keyPrefix), c.revision()))));
    }

    /** One object at a revision at least {@code minRevision} (semantics as {@link #list}); null when absent. */
    public Future<CachedObject> get(String resourcePrefix, String key, long minRevision) {
        return onContext(() -> cache(resourcePrefix).compose(c -> atLeast(c, minRevision).map(v -> c.get(key))));
    }

    /**
     * Registers {@code watcher} for changes after {@code fromRevision}, atomically with what it must see first:
     * with {@code fromRevision == 0}, the current objects (sent as ADDED); otherwise the buffered events after it.
     * When {@code fromRevision} is older than the buffered window the watcher is not registered and the answer says
     * {@code tooOld}: the caller serves that watch from the store's history.
     */
    public Future<Start> watch(String resourcePrefix, long fromRevision, CacheWatcher watcher) {
        return onContext(() -> cache(resourcePrefix).compose(c -> {
            if (fromRevision == 0) {
                c.add(watcher);
                return Future.succeededFuture(new Start(c.snapshot(watcher.prefix()), List.of(), c.revision(), false));
            }
            if (fromRevision < c.oldest()) {
                return Future.succeededFuture(new Start(List.of(), List.of(), c.revision(), true));
            }
            List<CacheEvent> replay = c.since(fromRevision, watcher.prefix());
            CacheWatcher filtered = fromRevision > c.revision() ? after(fromRevision, watcher) : watcher;
            c.add(filtered);
            return Future.succeededFuture(new Start(List.of(), replay, Math.max(c.revision(), fromRevision), false));
        }));
    }

    /** Stops feeding {@code watcher} (idempotent). */
    public void unwatch(String resourcePrefix, CacheWatcher watcher) {
        context.runOnContext(v -> {
            ResourceCache c = caches.get(resourcePrefix);
            if (c != null) {
                c.remove(watcher);
                c.remove(new FilteredKey(watcher));
            }
        });
    }

    /** Objects and watchers per cached resource, for metrics. Call on any thread; the figures may be a moment old. */
    public Map<String, int[]> sizes() {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (ResourceCache c : List.copyOf(caches.values())) {
            out.put(c.prefix(), new int[]{c.size(), c.watcherCount()});
        }
        return out;
    }

    private void onBatch(EventBatch batch) {
        List<Event> events = batch.events();
        if (events.isEmpty()) {
            return;
        }
        long first = events.getFirst().revision();
        if (streamRevision != 0 && first != streamRevision + 1 && first > streamRevision) {
            LOG.log(Level.WARNING, "gap in the store's event stream: dropping the watch cache",
                    new Object[]{"expected", streamRevision + 1, "got", first});
            resetAll();
        }
        streamRevision = Math.max(streamRevision, batch.revision());
        Map<String, List<Event>> byResource = new HashMap<>();
        for (Event e : events) {
            String rp = resourcePrefixOf(e.key());
            if (rp != null && (caches.containsKey(rp) || loading.containsKey(rp))) {
                byResource.computeIfAbsent(rp, k -> new ArrayList<>()).add(e);
            }
        }
        for (var entry : byResource.entrySet()) {
            List<Event> pending = pendingWhileLoading.get(entry.getKey());
            if (pending != null) {
                pending.addAll(entry.getValue());
            }
        }
        for (ResourceCache c : caches.values()) {
            List<Event> mine = byResource.get(c.prefix());
            if (mine == null) {
                c.advance(batch.revision());
            } else {
                c.apply(mine, batch.revision());
            }
        }
        wake();
    }

    private void resetAll() {
        List<ResourceCache> all = List.copyOf(caches.values());
        caches.clear();
        all.forEach(ResourceCache::closeWatchers);
    }

    private void wake() {
        while (!waiters.isEmpty() && waiters.firstKey() <= streamRevision) {
            waiters.pollFirstEntry().getValue().forEach(Promise::tryComplete);
        }
    }

    /** The resource prefix of a key: {@code /registry/<group>/<resource>/}. */
    static String resourcePrefixOf(String key) {
        if (!key.startsWith("/registry/")) {
            return null;
        }
        int g = key.indexOf('/', "/registry/".length());
        int r = g < 0 ? -1 : key.indexOf('/', g + 1);
        return r < 0 ? null : key.substring(0, r + 1);
    }

    private Future<ResourceCache> cache(String resourcePrefix) {
        ResourceCache c = caches.get(resourcePrefix);
        if (c != null) {
            return Future.succeededFuture(c);
        }
        Future<ResourceCache> pending = loading.get(resourcePrefix);
        if (pending != null) {
            return pending;
        }
        Future<ResourceCache> load = load(resourcePrefix);
        // A load that finished at once (an in-memory store) has already left: remembering it would hand its cache
        // out again after a reset had dropped it.
        if (!load.isComplete()) {
            loading.put(resourcePrefix, load);
        }
        return load;
    }

    /** Range read, then the events that arrived meanwhile above its revision. */
    private Future<ResourceCache> load(String resourcePrefix) {
        pendingWhileLoading.put(resourcePrefix, new ArrayList<>());
        // Parsing thousands of stored objects takes seconds on a small box: a worker does it, so the loop keeps
        // serving (and keeps collecting the events that arrive meanwhile).
        return store.apply(null).range(resourcePrefix, null, 0, 0).compose(range -> vertx.executeBlocking(
                () -> ResourceCache.parse(range.kvs()), false).map(parsed -> {
            ResourceCache c = new ResourceCache(resourcePrefix, historyCapacity, parsed, range.revision());
            List<Event> pending = pendingWhileLoading.remove(resourcePrefix);
            if (pending != null && !pending.isEmpty()) {
                c.apply(pending, pending.getLast().revision());
            }
            c.advance(streamRevision);
            caches.put(resourcePrefix, c);
            loading.remove(resourcePrefix);
            return c;
        })).onFailure(e -> {
            pendingWhileLoading.remove(resourcePrefix);
            loading.remove(resourcePrefix);
        });
    }

    /** Waits until {@code c} reflects {@code minRevision} (-1: the store's current revision). */
    private Future<Void> atLeast(ResourceCache c, long minRevision) {
        if (minRevision == 0 || minRevision > 0 && c.revision() >= minRevision) {
            return Future.succeededFuture();
        }
        if (minRevision < 0) {
            return store.apply(null).currentRevision().compose(rev -> rev <= c.revision() ? Future.succeededFuture()
                    : waitFor(c, rev, Long.MAX_VALUE));
        }
        return waitFor(c, minRevision, FUTURE_REVISION_WAIT_MS);
    }

    private Future<Void> waitFor(ResourceCache c, long rev, long timeoutMs) {
        Promise<Void> p = Promise.promise();
        waiters.computeIfAbsent(rev, k -> new ArrayList<>()).add(p);
        if (timeoutMs != Long.MAX_VALUE) {
            long timer = vertx.setTimer(timeoutMs, t -> p.tryFail(new TooLargeResourceVersion(rev, c.revision())));
            p.future().onComplete(ar -> vertx.cancelTimer(timer));
        }
        wake();
        return p.future();
    }

    /** The requested resourceVersion is ahead of what the cache reached within the wait. */
    public static final class TooLargeResourceVersion extends RuntimeException {
        public TooLargeResourceVersion(long requested, long current) {
            super("Too large resource version: " + requested + ", current: " + current);
        }
    }

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
        if (Vertx.currentContext() == context) {
            return work.get();
        }
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(p));
        return p.future();
    }

    /** A watcher that ignores events up to a revision it asked to start after (a resourceVersion ahead of the cache). */
    private static CacheWatcher after(long fromRevision, CacheWatcher w) {
        return new FilteredKey(w) {
            @Override
            public void onCacheEvents(List<CacheEvent> events) {
                List<CacheEvent> newer = events.stream().filter(e -> e.revision() > fromRevision).toList();
                if (!newer.isEmpty()) {
                    w.onCacheEvents(newer);
                }
            }
        };
    }

    /** Wraps a watcher and equals it, so {@link #unwatch} finds the wrapper by the original. */
    private static class FilteredKey implements CacheWatcher {
        final CacheWatcher w;

        FilteredKey(CacheWatcher w) {
            this.w = w;
        }

        @Override
        public String prefix() {
            return w.prefix();
        }

        @Override
        public void onCacheEvents(List<CacheEvent> events) {
            w.onCacheEvents(events);
        }

        @Override
        public void onCacheClosed() {
            w.onCacheClosed();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FilteredKey f && f.w == w;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(w);
        }
    }
}
