package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.k3j.store.WatchListener;
import io.k3j.store.Watcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A watch as kube-apiserver streams it: 200 with chunked JSON, one {"type","object"} document per
 * change. Events arrive from the store on its thread and are written on the request's context. A
 * client that cannot keep up is disconnected (it re-watches from its last resourceVersion) rather
 * than buffered without bound.
 */
final class WatchStream implements WatchListener {

    private final Context context;
    private final HttpServerResponse response;
    private final ResourceDescriptor d;
    private final String name;
    private final Selectors selectors;
    private final TableOutput tables;
    private Watcher watcher;
    private boolean closed;

    private WatchStream(Context context, HttpServerResponse response, ResourceDescriptor d, String name, Selectors selectors,
                        TableOutput tables) {
        this.tables = tables;
        this.context = context;
        this.response = response;
        this.d = d;
        this.name = name;
        this.selectors = selectors;
    }

    static Future<?> start(RoutingContext ctx, Store store, ResourceDescriptor d, String namespace, String name,
                           Selectors selectors, TableOutput tables, String rv, String timeoutSeconds, boolean bookmarks) {
        long timeout = parseTimeout(timeoutSeconds);
        long fromRevision = parseRevision(rv);
        String prefix = StorageKeys.listPrefix(d, namespace);
        WatchStream w = new WatchStream(ctx.vertx().getOrCreateContext(), ctx.response(), d, name, selectors, tables);
        HttpServerResponse resp = ctx.response();
        resp.setChunked(true).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-cache, private");
        // Watch-list (sendInitialEvents=true): current objects as ADDED events, whatever the
        // resourceVersion, then a bookmark that marks their end, as client-go's streaming list expects.
        boolean watchList = "true".equals(ctx.request().getParam("sendInitialEvents"));
        if (watchList && (!bookmarks || !"NotOlderThan".equals(ctx.request().getParam("resourceVersionMatch")))) {
            return Future.failedFuture(ApiError.invalid("ListOptions", "meta.k8s.io", "", "sendInitialEvents",
                    "FieldValueForbidden", "Forbidden: sendInitialEvents requires setting resourceVersionMatch to "
                            + "NotOlderThan and allowWatchBookmarks to true"));
        }
        Future<Long> begin = fromRevision > 0 && !watchList ? Future.succeededFuture(fromRevision)
                : w.sendInitial(store, prefix).onSuccess(rev -> {
                    if (watchList) {
                        w.bookmark(rev, true);
                    }
                });
        return begin.compose(from -> store.watch(prefix, from, w)).onSuccess(watcher -> {
            w.watcher = watcher;
            if (!resp.headWritten()) {
                // Send headers now (initial events may have sent them already): clients wait for them.
                resp.setStatusCode(200).writeHead();
            }
            long timer = ctx.vertx().setTimer(Math.max(1, timeout * 1000), t -> w.close(null));
            resp.closeHandler(v -> {
                ctx.vertx().cancelTimer(timer);
                w.closed = true;
                watcher.cancel();
            });
            if (bookmarks) {
                long periodic = ctx.vertx().setPeriodic(60_000, t -> w.bookmark());
                resp.endHandler(v -> ctx.vertx().cancelTimer(periodic));
            }
        }).recover(e -> {
            if (e instanceof StoreException.Compacted c) {
                // As upstream: the watch starts, then reports 410 Expired as an ERROR event.
                if (!resp.headWritten()) {
                    resp.setStatusCode(200);
                }
                w.writeEvent("ERROR", ApiErrors.from(c).toStatus().encode());
                resp.end();
                return Future.succeededFuture();
            }
            return Future.failedFuture(e);
        });
    }

    /** resourceVersion unset or "0": current objects arrive as ADDED events first. */
    private Future<Long> sendInitial(Store store, String prefix) {
        return store.range(prefix, null, 0, 0).map(range -> {
            if (!response.headWritten()) {
                response.setStatusCode(200);
            }
            for (KeyValue kv : range.kvs()) {
                ObjectNode obj = StoredObjects.out(kv, d);
                if (visible(obj)) {
                    writeEvent("ADDED", obj);
                }
            }
            return range.revision();
        });
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
        return (name.isEmpty() || name.equals(obj.path("metadata").path("name").asText())) && selectors.matches(obj);
    }

    private void bookmark() {
        if (closed || watcher == null) {
            return;
        }
        bookmark(watcher.lastRevision(), false);
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
        closed = true;
        if (watcher != null) {
            watcher.cancel();
        }
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }

    private void writeEvent(String type, ObjectNode obj) {
        ObjectNode ev = Json.MAPPER.createObjectNode();
        ev.put("type", type);
        ev.set("object", type.equals("BOOKMARK") ? obj : tables.event(obj));
        byte[] bytes = Json.bytes(ev);
        response.write(Buffer.buffer(bytes.length + 1).appendBytes(bytes).appendByte((byte) '\n'));
    }

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

    private static long parseRevision(String rv) {
        if (rv == null || rv.isEmpty() || rv.equals("0")) {
            return 0;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "BadRequest", "invalid resource version: " + rv, null);
        }
    }
}
