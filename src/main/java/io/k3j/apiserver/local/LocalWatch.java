package io.k3j.apiserver.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.rest.CachedReads;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.rest.WatchFilter;
import io.k3j.apiserver.watchcache.CacheEvent;
import io.k3j.apiserver.watchcache.CacheWatcher;
import io.k3j.apiserver.watchcache.CachedObject;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.client.KubeClient;
import io.k3j.client.Watch;
import io.k3j.client.WatchEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One in-process watch: a {@link CacheWatcher} on the API server's event loop that picks the events its filter sees
 * (as an HTTP watch does) and hands them, in batches and in order, to the consumer's context with
 * {@code runOnContext} (the task queue is the happens-before edge; the trees are never written after they enter the
 * cache). The same rules as {@code WatchStream}: bookmarks every minute when asked, the end at the timeout, the end
 * when the cache drops its watchers, and the end when the consumer falls too far behind, so it resumes from the
 * last resourceVersion it processed instead of the cache queueing for it without bound.
 *
 * <p>Fields marked "loop" are touched only on the cache's event loop.
 */
final class LocalWatch implements CacheWatcher, Watch {

    /**
     * Events handed over but not yet processed, beyond which the watch ends. Half the cache's window (4,096 events per
     * resource), so a consumer cut off here can still resume from the window rather than relist.
     */
    static final int MAX_BACKLOG = 2048;
    private static final Logger LOG = Logger.getLogger(LocalWatch.class.getName());
    private static final long BOOKMARK_MS = 60_000;

    private final Vertx vertx;
    private final Context consumer;
    private final Context cacheLoop;
    private final KubeClient.WatchHandler handler;
    private final ResourceDescriptor d;
    private final String prefix;
    private final WatchFilter filter;
    private final CachedReads reads;
    private final SharedTreeGuard guard;
    private final Promise<Void> closed = Promise.promise();
    private final AtomicInteger backlog = new AtomicInteger();
    private volatile boolean cancelled;
    /** loop */
    private boolean ended;
    /** loop: the revision of the last event under this watch's prefix, what bookmarks carry */
    private long revision;
    /** loop */
    private long timeoutTimer = -1;
    /** loop */
    private long bookmarkTimer = -1;

    LocalWatch(Vertx vertx, Context consumer, Context cacheLoop, KubeClient.WatchHandler handler, ResourceDescriptor d,
               String namespace, WatchFilter filter, CachedReads reads, SharedTreeGuard guard) {
        this.vertx = vertx;
        this.consumer = consumer;
        this.cacheLoop = cacheLoop;
        this.handler = handler;
        this.d = d;
        this.prefix = CachedReads.keyPrefix(d, namespace);
        this.filter = filter;
        this.reads = reads;
        this.guard = guard;
    }

    /**
     * On the cache loop, in the task that registered this watcher (so no event can come between): what the watch
     * sees first (the current objects, or the buffered events after its resourceVersion), then its timers.
     */
    void begin(WatchCache.Start start, long timeoutSeconds, boolean bookmarks) {
        revision = start.revision();
        List<WatchEvent> first = new ArrayList<>();
        for (CachedObject o : start.initial()) {
            if (filter.visible(o.object())) {
                first.add(event("ADDED", o));
            }
        }
        collect(start.replay(), first);
        // Whole, however long (as an HTTP watch writes its replay): cutting it off would bring the consumer back to
        // the same resourceVersion and the same replay, for ever. Later batches are what the backlog limit is for.
        if (!first.isEmpty()) {
            backlog.addAndGet(first.size());
            consumer.runOnContext(v -> deliver(first));
        }
        timeoutTimer = vertx.setTimer(Math.max(1, timeoutSeconds * 1000), t -> end());
        if (bookmarks) {
            bookmarkTimer = vertx.setPeriodic(BOOKMARK_MS, t -> send(List.of(new WatchEvent(WatchEvent.Type.BOOKMARK, bookmark()))));
        }
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public void onCacheEvents(List<CacheEvent> events) {
        if (ended) {
            return;
        }
        List<WatchEvent> out = new ArrayList<>();
        collect(events, out);
        send(out);
    }

    @Override
    public void onCacheClosed() {
        end();
    }

    private void collect(List<CacheEvent> events, List<WatchEvent> out) {
        for (CacheEvent e : events) {
            revision = e.revision();
            WatchFilter.Change c = filter.classify(e);
            if (c != null) {
                out.add(event(c.type(), c.object()));
            }
        }
    }

    private WatchEvent event(String type, CachedObject o) {
        ObjectNode tree = CachedReads.served(o, d);
        if (!type.equals("DELETED")) {
            guard.handedOut(d, o, tree); // a DELETED object is a copy made for the deletion, not the cache's tree
        }
        return new WatchEvent(WatchEvent.Type.valueOf(type), tree);
    }

    private ObjectNode bookmark() {
        ObjectNode obj = Json.MAPPER.createObjectNode();
        obj.put("kind", d.kind()).put("apiVersion", d.groupVersionResource().apiVersion());
        obj.putObject("metadata").put("resourceVersion", String.valueOf(revision));
        return obj;
    }

    private void send(List<WatchEvent> events) {
        if (events.isEmpty() || ended) {
            return;
        }
        if (backlog.addAndGet(events.size()) > MAX_BACKLOG) {
            LOG.log(Level.FINE, "in-process watch too far behind; ending it", new Object[]{"prefix", prefix,
                    "revision", revision});
            end(); // too slow: it comes back from the last resourceVersion it processed
            return;
        }
        consumer.runOnContext(v -> deliver(events));
    }

    /**
     * On the consumer's context. A handler that throws loses only its own event: the rest of the batch still arrives
     * (a broken batch would leave the consumer's cache silently behind).
     */
    private void deliver(List<WatchEvent> events) {
        backlog.addAndGet(-events.size());
        for (WatchEvent e : events) {
            if (cancelled) {
                return;
            }
            try {
                handler.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.SEVERE, "a watch handler failed", ex);
            }
        }
    }

    /** On the cache loop: no more events; the consumer hears of the end after what it was already sent. */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        vertx.cancelTimer(timeoutTimer);
        vertx.cancelTimer(bookmarkTimer);
        reads.unwatch(d, this);
        consumer.runOnContext(v -> closed.tryComplete());
    }

    @Override
    public void cancel() {
        cancelled = true;
        closed.tryComplete();
        cacheLoop.runOnContext(v -> end());
    }

    @Override
    public Future<Void> closed() {
        return closed.future();
    }
}
