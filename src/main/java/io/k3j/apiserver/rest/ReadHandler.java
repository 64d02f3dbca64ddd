package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.watchcache.CachedObject;
import io.k3j.store.KeyValue;
import io.vertx.core.buffer.Buffer;
import io.k3j.store.Store;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.k3j.apiserver.rest.ResourceHandler.send;

/** The read verbs: get (objects and the scale view) and list (pages, selectors, Tables). */
final class ReadHandler {

    private final Supplier<Store> store;
    private final CachedReads cached;

    ReadHandler(Supplier<Store> store, CachedReads cached) {
        this.store = store;
        this.cached = cached;
    }

    Future<?> get(RestRequest r) {
        return store.get().get(r.key()).map(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                throw ApiError.notFound(r.d().resource(), r.d().group(), r.info().name());
            }
            ObjectNode obj = StoredObjects.out(kv, r.d());
            send(r.ctx(), 200, r.scale() ? ScaleSubresource.view(r.d(), obj)
                    : r.info().subresource().isEmpty() ? r.tables().object(obj) : obj);
            return null;
        });
    }

    Future<?> list(RestRequest r) {
        Selectors sel = r.selectors();
        TableOutput tables = r.tables();
        var q = r.ctx().request();
        ListSource source = ListSource.of(q.getParam("resourceVersion"), q.getParam("resourceVersionMatch"),
                q.getParam("limit"), q.getParam("continue"));
        if (source.fromCache()) {
            return fromCache(r, sel, tables, source.minRevision());
        }
        ListPager pager = new ListPager(store.get(), r.d(), r.namespace(), sel, q.getParam("limit"), q.getParam("continue"),
                source.exactRevision());
        return pager.page().map(page -> {
            ObjectNode list = listHead(r, String.valueOf(page.revision()));
            ObjectNode meta = (ObjectNode) list.get("metadata");
            if (page.continueToken() != null) {
                meta.put("continue", page.continueToken());
                if (page.remaining() >= 0) {
                    meta.put("remainingItemCount", page.remaining());
                }
            }
            ArrayNode items = list.putArray("items");
            page.items().forEach(items::add);
            send(r.ctx(), 200, tables.list(list, new ArrayList<>(page.items()), String.valueOf(page.revision()),
                    page.continueToken(), page.remaining() >= 0 ? page.remaining() : null));
            return null;
        });
    }

    /**
     * Served from the watch cache: the matching objects, shared and read-only, written out as their cached bytes,
     * so a large list costs a filter pass and a copy, not a parse per object.
     */
    private Future<?> fromCache(RestRequest r, Selectors sel, TableOutput tables, long minRevision) {
        return cached.list(r.d(), r.namespace(), sel, minRevision).map(snap -> {
            List<CachedObject> matching = snap.objects();
            String rv = String.valueOf(snap.revision());
            if (tables.table() || r.d().isCustom()) {
                // Custom resources (and built-in kinds with versions) are cached in their storage version: convert
                // each for the requested one.
                List<com.fasterxml.jackson.databind.JsonNode> items = new ArrayList<>(matching.size());
                matching.forEach(o -> items.add(StoredObjects.served(o.object(), r.d())));
                ObjectNode list = listHead(r, rv);
                list.putArray("items").addAll(items);
                send(r.ctx(), 200, tables.list(list, items, rv, null, null));
                return null;
            }
            byte[] head = Json.bytes(listHead(r, rv));
            int size = head.length + 16;
            List<byte[]> bodies = new ArrayList<>(matching.size());
            boolean versioned = BuiltinCodec.conversion(r.d()) != null;
            for (CachedObject o : matching) {
                // a built-in kind stored in another version than the one asked for is converted (HPA v1 of v2)
                byte[] b = !versioned || StoredObjects.servedAsCached(o.object(), r.d()) ? o.bytes()
                        : Json.bytes(StoredObjects.served(o.object(), r.d()));
                bodies.add(b);
                size += b.length + 1;
            }
            Buffer out = Buffer.buffer(size);
            out.appendBytes(head, 0, head.length - 1).appendString(",\"items\":[");
            for (int i = 0; i < bodies.size(); i++) {
                if (i > 0) {
                    out.appendByte((byte) ',');
                }
                out.appendBytes(bodies.get(i));
            }
            out.appendString("]}");
            if (!r.ctx().response().ended()) {
                r.ctx().put(io.k3j.auth.audit.AuditContext.RESPONSE_OBJECT, out);
                r.ctx().response().setStatusCode(200).putHeader("Content-Type", "application/json").end(out);
            }
            return null;
        });
    }

    private static ObjectNode listHead(RestRequest r, String rv) {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", r.d().listKind());
        list.put("apiVersion", r.d().groupVersionResource().apiVersion());
        list.putObject("metadata").put("resourceVersion", rv);
        return list;
    }
}
