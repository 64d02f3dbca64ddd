package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.watchcache.CacheEvent;
import io.k3j.apiserver.watchcache.CacheWatcher;
import io.k3j.apiserver.watchcache.CachedObject;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.k3j.store.WatchListener;
import io.k3j.store.Watcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A watch as kube-apiserver streams it: 200 with chunked JSON, one {"type","object"} document per
 * change. Events arrive from the store on its thread and are written on the request's context. A
 * client that cannot keep up is disconnected (it re-watches from its last resourceVersion) rather
 * than buffered without bound.
 */
final class WatchStream implements WatchListener, CacheWatcher {

    private final Context context;
    private WatchSink response;
    private final ResourceDescriptor d;
    /** Whether cached objects may be in another version than this watch's (built-in kinds with conversions). */
    private final boolean versioned;
    private final WatchFilter filter;
    private final TableOutput tables;
    private final String keyPrefix;
    private Watcher watcher;
    private WatchCache cache;
    private long cacheRevision;
    private boolean closed;

    private WatchStream(Context context, ResourceDescriptor d, String keyPrefix, String name,
                        Selectors selectors, TableOutput tables) {
        this.keyPrefix = keyPrefix;
        this.tables = tables;
        this.context = context;
        this.d = d;
        this.versioned = d.isCustom() || BuiltinCodec.conversion(d) != null;
        this.filter = new WatchFilter(name, selectors);
    }

    static Future<?> start(RoutingContext ctx, Store store, WatchCache cache, ResourceDescriptor d, String namespace,
                           String name, Selectors selectors, TableOutput tables, String rv, String timeoutSeconds,
                           boolean bookmarks) {
        long timeout = parseTimeout(timeoutSeconds);
        long fromRevision = CachedReads.watchRevision(rv);
        String prefix = StorageKeys.listPrefix(d, namespace);
        WatchStream w = new WatchStream(ctx.vertx().getOrCreateContext(), d, prefix, name, selectors, tables);
        // Watch-list (sendInitialEvents=true): current objects as ADDED events, whatever the
        // resourceVersion, then a bookmark that marks their end, as client-go's streaming list expects.
        boolean watchList = "true".equals(ctx.request().getParam("sendInitialEvents"));
        if (watchList && (!bookmarks || !"NotOlderThan".equals(ctx.request().getParam("resourceVersionMatch")))) {
            return Future.failedFuture(ApiError.invalid("ListOptions", "meta.k8s.io", "", "sendInitialEvents",
                    "FieldValueForbidden", "Forbidden: sendInitialEvents requires setting resourceVersionMatch to "
                            + "NotOlderThan and allowWatchBookmarks to true"));
        }
        if (WatchSink.wantsWebSocket(ctx.request())) {
            // Once upgraded, failures can only travel as ERROR events on the socket.
            return ctx.request().toWebSocket().compose(ws -> {
                w.response = new WatchSink.WebSocket(ctx, ws);
                return begin(ctx, store, cache, w, fromRevision, timeout, bookmarks, watchList).recover(e -> {
                    w.writeEvent("ERROR", ApiErrors.from(e).toStatus().encode());
                    w.response.end();
                    return Future.succeededFuture();
                });
            });
        }
        ctx.response().setChunked(true).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private");
        w.response = new WatchSink.Http(ctx);
        return begin(ctx, store, cache, w, fromRevision, timeout, bookmarks, watchList);
    }

    private static Future<?> begin(RoutingContext ctx, Store store, WatchCache cache, WatchStream w, long fromRevision,
                                   long timeout, boolean bookmarks, boolean watchList) {
        String resourcePrefix = StorageKeys.resourcePrefix(w.d);
        return cache.watch(resourcePrefix, watchList ? 0 : fromRevision, w).compose(start -> {
            if (start.tooOld()) {
                // Older than the cache's window: serve it from the store's history (or its 410).
                return fromStore(ctx, store, w, w.keyPrefix, fromRevision, timeout, bookmarks);
            }
            w.cache = cache;
            w.cacheRevision = start.revision();
            w.response.open();
            for (CachedObject o : start.initial()) {
                if (w.visible(o.object())) {
                    w.writeEvent("ADDED", o);
                }
            }
            w.deliverAll(start.replay());
            if (watchList) {
                w.bookmark(start.revision(), true);
            }
            w.streaming(ctx, timeout, bookmarks);
            return Future.succeededFuture();
        });
    }

    private static Future<?> fromStore(RoutingContext ctx, Store store, WatchStream w, String prefix, long fromRevision,
                                       long timeout, boolean bookmarks) {
        return store.watch(prefix, fromRevision, w).onSuccess(watcher -> {
            w.watcher = watcher;
            w.streaming(ctx, timeout, bookmarks);
        }).recover(e -> {
            if (e instanceof StoreException.Compacted c) {
                // As upstream: the watch starts, then reports 410 Expired as an ERROR event.
                w.response.open();
                w.writeEvent("ERROR", ApiErrors.from(c).toStatus().encode());
                w.response.end();
                return Future.succeededFuture();
            }
            return Future.failedFuture(e);
        });
    }

    /** Headers out (clients wait for them), the timeout, the close hook and periodic bookmarks. */
    private void streaming(RoutingContext ctx, long timeout, boolean bookmarks) {
        response.open();
        long timer = ctx.vertx().setTimer(Math.max(1, timeout * 1000), t -> close(null));
        long periodic = bookmarks ? ctx.vertx().setPeriodic(60_000, t -> bookmark()) : -1;
        response.whenDone(clientGone -> {
            ctx.vertx().cancelTimer(timer);
            if (periodic >= 0) {
                ctx.vertx().cancelTimer(periodic);
            }
            if (clientGone) {
                stop();
            }
        });
    }

    private void stop() {
        closed = true;
        if (watcher != null) {
            watcher.cancel();
        }
        if (cache != null) {
            cache.unwatch(StorageKeys.resourcePrefix(d), this);
        }
    }

    @Override
    public String prefix() {
        return keyPrefix;
    }

    @Override
    public void onCacheEvents(List<CacheEvent> events) {
        // Usually the cache and this stream share the event loop: deliver in place, no task per watcher.
        if (io.vertx.core.Vertx.currentContext() == context) {
            deliverCached(events);
        } else {
            context.runOnContext(v -> deliverCached(events));
        }
    }

    private void deliverCached(List<CacheEvent> events) {
        deliverAll(events);
        if (!closed && response.writeQueueFull()) {
            close(null); // too slow: let it come back from its last resourceVersion
        }
    }

    @Override
    public void onCacheClosed() {
        context.runOnContext(v -> close(null));
    }

    private void deliverAll(List<CacheEvent> events) {
        for (CacheEvent e : events) {
            if (closed) {
                return;
            }
            cacheRevision = e.revision();
            WatchFilter.Change c = filter.classify(e);
            if (c != null) {
                writeEvent(c.type(), c.object());
            }
        }
    }

    @Override
    public void onEvents(List<Event> events) {
        context.runOnContext(v -> {
            for (Event e : events) {
                if (closed) {
                    return;
                }
                deliver(e);
            }
            if (!closed && response.writeQueueFull()) {
                close(null); // too slow: let it come back from its last resourceVersion
            }
        });
    }

    private void deliver(Event e) {
        ObjectNode now = e.type() == Event.Type.DELETE ? null : StoredObjects.out(e.kv(), d);
        ObjectNode before = e.prev() == null || e.prev().tombstone() ? null : StoredObjects.out(e.prev(), d);
        boolean was = before != null && visible(before);
        boolean is = now != null && visible(now);
        if (is) {
            writeEvent(was || e.type() == Event.Type.UPDATE && before == null ? "MODIFIED" : "ADDED", now);
        } else if (was) {
            // Deleted, or changed so it no longer matches the selectors: the client must drop it.
            StoredObjects.setResourceVersion(before, e.revision());
            writeEvent("DELETED", before);
        }
    }

    private boolean visible(ObjectNode obj) {
        return filter.visible(obj);
    }

    private void bookmark() {
        if (closed) {
            return;
        }
        bookmark(watcher != null ? watcher.lastRevision() : cacheRevision, false);
    }

    private void bookmark(long revision, boolean initialEventsEnd) {
        ObjectNode obj = Json.MAPPER.createObjectNode();
        obj.put("kind", d.kind()).put("apiVersion", d.groupVersionResource().apiVersion());
        ObjectNode meta = obj.putObject("metadata");
        meta.put("resourceVersion", String.valueOf(revision));
        if (initialEventsEnd) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        writeEvent("BOOKMARK", obj);
    }

    @Override
    public void onClose(Throwable cause) {
        context.runOnContext(v -> close(cause));
    }

    private void close(Throwable cause) {
        if (closed) {
            return;
        }
        stop();
        response.end();
    }

    private void writeEvent(String type, ObjectNode obj) {
        ObjectNode ev = Json.MAPPER.createObjectNode();
        ev.put("type", type);
        ev.set("object", type.equals("BOOKMARK") ? obj : tables.event(obj));
        byte[] bytes = Json.bytes(ev);
        response.write(Buffer.buffer(bytes.length + 1).appendBytes(bytes).appendByte((byte) '\n'));
    }

    /** A cached object goes out as its shared bytes unless a Table was asked for. */
    private void writeEvent(String type, CachedObject obj) {
        if (tables.table() || versioned && !StoredObjects.servedAsCached(obj.object(), d)) {
            // Custom resources and built-in kinds with several versions are cached in their storage version:
            // convert for this watch's version.
            writeEvent(type, StoredObjects.served(obj.object(), d));
            return;
        }
        byte[] object = obj.bytes();
        byte[] head = HEADS.get(type);
        response.write(Buffer.buffer(head.length + object.length + 2).appendBytes(head).appendBytes(object)
                .appendString("}\n"));
    }

    private static final java.util.Map<String, byte[]> HEADS = java.util.Map.of(
            "ADDED", "{\"type\":\"ADDED\",\"object\":".getBytes(),
            "MODIFIED", "{\"type\":\"MODIFIED\",\"object\":".getBytes(),
            "DELETED", "{\"type\":\"DELETED\",\"object\":".getBytes());

    private void writeEvent(String type, String rawObject) {
        response.write(Buffer.buffer("{\"type\":\"" + type + "\",\"object\":" + rawObject + "}\n"));
    }

    private static long parseTimeout(String s) {
        if (s == null || s.isEmpty()) {
            // As kube-apiserver: between 30 and 60 minutes, so reconnects of many clients spread out.
            return 1800 + ThreadLocalRandom.current().nextLong(1800);
        }
        try {
            long v = Long.parseLong(s);
            // 0 means "server default"; a negative timeout has already passed, as upstream treats it.
            return v == 0 ? 1800 + ThreadLocalRandom.current().nextLong(1800) : Math.max(v, 0);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid timeoutSeconds: " + s);
        }
    }
}
