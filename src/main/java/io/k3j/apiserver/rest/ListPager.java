package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One page of a list: limit/continue over a single consistent snapshot (every page of one list is
 * read at the revision of its first page), with selectors applied while reading so a page holds
 * up to {@code limit} matching objects.
 */
final class ListPager {

    record Page(List<ObjectNode> items, long revision, String continueToken, long remaining) {
    }

    private static final int CHUNK = 500;
    static final String EXPIRED_CONTINUE = "The provided continue parameter is too old to display a consistent list result. "
            + "You can start a new list without the continue parameter, or use the continue token in this response to "
            + "retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - "
            + "objects that were created, modified, or deleted between the time the first chunk was returned and now may "
            + "show up in the list.";

    private final Store store;
    private final ResourceDescriptor d;
    private final String prefix;
    private final Selectors selectors;
    private final int limit;
    private String start;
    private long revision;

    /** @param exactRevision the revision to read at (resourceVersionMatch=Exact), 0 for the newest */
    ListPager(Store store, ResourceDescriptor d, String namespace, Selectors selectors, String limit, String cont,
              long exactRevision) {
        this.revision = exactRevision;
        this.store = store;
        this.d = d;
        this.prefix = StorageKeys.listPrefix(d, namespace);
        this.selectors = selectors;
        this.limit = parseLimit(limit);
        if (cont != null && !cont.isEmpty()) {
            decodeContinue(cont);
        }
    }

    private static int parseLimit(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        try {
            long v = Long.parseLong(s);
            return v <= 0 ? 0 : (int) Math.min(v, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid limit: " + s);
        }
    }

    private void decodeContinue(String token) {
        try {
            JsonNode n = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
            revision = n.path("rv").asLong(0);
            start = n.path("start").asText(null);
            if (revision <= 0 || start == null || !start.startsWith(prefix)) {
                throw new IllegalArgumentException();
            }
        } catch (Exception e) {
            throw ApiError.badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }
    }

    private static String encodeContinue(long rv, String start) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("v", "meta.k8s.io/v1").put("rv", rv).put("start", start);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(n));
    }

    Future<Page> page() {
        Promise<Page> p = Promise.promise();
        List<ObjectNode> items = new ArrayList<>();
        next(items, p);
        return p.future().recover(e -> Future.failedFuture(e instanceof StoreException.Compacted && start != null
                ? ApiError.gone(EXPIRED_CONTINUE) : e));
    }

    private void next(List<ObjectNode> items, Promise<Page> p) {
        int want = limit == 0 ? 0 : Math.max(CHUNK, limit - items.size() + 1);
        store.range(prefix, start, want, revision).onFailure(p::fail).onSuccess(range -> {
            if (revision == 0) {
                revision = range.revision();
            }
            List<KeyValue> kvs = range.kvs();
            for (int i = 0; i < kvs.size(); i++) {
                KeyValue kv = kvs.get(i);
                ObjectNode obj = StoredObjects.out(kv, d);
                if (!selectors.matches(obj)) {
                    continue;
                }
                if (limit > 0 && items.size() == limit) {
                    // One more match exists: the page is full, and the next one starts here.
                    p.complete(new Page(items, revision, encodeContinue(revision, kv.key()), -1));
                    return;
                }
                items.add(obj);
            }
            if (range.more() && !kvs.isEmpty()) {
                start = kvs.get(kvs.size() - 1).key() + "\u0000";
                next(items, p);
            } else {
                p.complete(new Page(items, revision, null, -1));
            }
        });
    }
}
