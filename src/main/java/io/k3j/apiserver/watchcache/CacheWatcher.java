package io.k3j.apiserver.watchcache;

import java.util.List;

/** Receives a resource cache's events, in revision order, on the cache's event loop. Must not block. */
public interface CacheWatcher {

    /** The key prefix this watcher cares about (a namespace's, or the resource's). */
    String prefix();

    void onCacheEvents(List<CacheEvent> events);

    /** The cache stopped feeding this watcher (it re-lists, or the server stops); the watcher ends its stream. */
    void onCacheClosed();
}
