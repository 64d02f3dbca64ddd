package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.watchcache.CacheWatcher;
import io.k3j.apiserver.watchcache.CachedObject;
import io.k3j.apiserver.watchcache.WatchCache;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * The reads the watch cache answers, with the REST layer's rules but no HTTP: which resource a read addresses (and
 * whether it may be read), the objects a list matches, one object, a watch's start. {@link ReadHandler} serves HTTP
 * lists through it; {@code io.k3j.apiserver.local} serves in-process clients. Objects are the cache's shared trees,
 * read-only, unless a conversion made a copy ({@link #served}).
 */
public final class CachedReads {

    /** The objects a list matched, in key order, and the revision they reflect. */
    public record Matching(List<CachedObject> objects, long revision) {
    }

    private final ResourceCatalog catalog;
    private final WatchCache cache;

    public CachedReads(ResourceCatalog catalog, WatchCache cache) {
        this.catalog = catalog;
        this.cache = cache;
    }

    public WatchCache cache() {
        return cache;
    }

    /** A watch's resourceVersion as a revision: 0 for none or "0" (start with the current objects); else a 400. */
    public static long watchRevision(String rv) {
        if (rv == null || rv.isEmpty() || rv.equals("0")) {
            return 0;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "BadRequest", "invalid resource version: " + rv, null);
        }
    }

    /**
     * The resource a get, list or watch addresses, checked as the REST handler checks it (served, scope, verb);
     * otherwise the {@link ApiError} it would answer is thrown.
     */
    public ResourceDescriptor resolve(RequestInfo info) {
        ResourceDescriptor d = catalog.find(info.apiGroup(), info.apiVersion(), info.resource())
                .orElseThrow(ResourceHandler::notFound);
        ResourceHandler.checkServed(d, info);
        return d;
    }

    /**
     * The objects of {@code namespace} ("" = all) matching {@code selectors}, as of a revision at least
     * {@code minRevision} ({@link ListSource#minRevision()}: 0 = any, -1 = the store's latest). The filter runs where
     * the cache answers (its event loop, when called there).
     */
    public Future<Matching> list(ResourceDescriptor d, String namespace, Selectors selectors, long minRevision) {
        return cache.list(StorageKeys.resourcePrefix(d), StorageKeys.listPrefix(d, namespace), minRevision).map(snap -> {
            List<CachedObject> matching = new ArrayList<>(snap.objects().size());
            for (CachedObject o : snap.objects()) {
                if (selectors.matches(o.object())) {
                    matching.add(o);
                }
            }
            return new Matching(matching, snap.revision());
        }).recover(e -> Future.failedFuture(e instanceof WatchCache.TooLargeResourceVersion
                ? ApiError.tooLargeResourceVersion(e.getMessage()) : e));
    }

    /**
     * One object, read consistently (the cache first catches up with the store's current revision, as a get from
     * the store would see it); a missing one fails with the get's 404.
     */
    public Future<CachedObject> get(ResourceDescriptor d, String namespace, String name) {
        return cache.get(StorageKeys.resourcePrefix(d), StorageKeys.key(d, namespace, name), -1).map(o -> {
            if (o == null) {
                throw ApiError.notFound(d.resource(), d.group(), name);
            }
            return o;
        });
    }

    /** Registers a watcher of {@code d} (see {@link WatchCache#watch}); its prefix says which namespace. */
    public Future<WatchCache.Start> watch(ResourceDescriptor d, long fromRevision, CacheWatcher watcher) {
        return cache.watch(StorageKeys.resourcePrefix(d), fromRevision, watcher);
    }

    public void unwatch(ResourceDescriptor d, CacheWatcher watcher) {
        cache.unwatch(StorageKeys.resourcePrefix(d), watcher);
    }

    /** The key prefix a list or watch of {@code namespace} ("" = all) covers. */
    public static String keyPrefix(ResourceDescriptor d, String namespace) {
        return StorageKeys.listPrefix(d, namespace);
    }

    /**
     * A cached object as {@code d}'s version serves it: the shared tree itself, or (custom resources, built-in kinds
     * stored in another version) a converted copy.
     */
    public static ObjectNode served(CachedObject o, ResourceDescriptor d) {
        return StoredObjects.served(o.object(), d);
    }
}
