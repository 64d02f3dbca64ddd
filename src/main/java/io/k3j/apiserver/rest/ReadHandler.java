package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.function.Supplier;

import static io.k3j.apiserver.rest.ResourceHandler.send;

/** The read verbs: get (objects and the scale view) and list (pages, selectors, Tables). */
final class ReadHandler {

    private final Supplier<Store> store;

    ReadHandler(Supplier<Store> store) {
        this.store = store;
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
        ListPager pager = new ListPager(store.get(), r.d(), r.namespace(), sel,
                r.ctx().request().getParam("limit"), r.ctx().request().getParam("continue"),
                r.ctx().request().getParam("resourceVersion"));
        return pager.page().map(page -> {
            ObjectNode list = Json.MAPPER.createObjectNode();
            list.put("kind", r.d().listKind());
            list.put("apiVersion", r.d().groupVersionResource().apiVersion());
            ObjectNode meta = list.putObject("metadata");
            meta.put("resourceVersion", String.valueOf(page.revision()));
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
}
