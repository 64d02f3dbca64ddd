package io.k3j.apiserver.watchcache;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The current objects of one resource (all namespaces) plus a window of its recent events, kept up to date from
 * the store's event stream. Confined to the watch cache's event loop: no locks.
 */
final class ResourceCache {

    private final String prefix;
    private final int historyCapacity;
    private final NavigableMap<String, CachedObject> objects = new TreeMap<>();
    private final ArrayDeque<CacheEvent> history = new ArrayDeque<>();
    private final java.util.Set<CacheWatcher> watchers = new LinkedHashSet<>();
    /** Everything up to this revision is reflected in {@link #objects}. */
    private long revision;
    /** Every event of this resource above this revision is in {@link #history}: watches from here can replay. */
    private long oldest;

    /** Parses a range read's objects (any thread: the result is handed to the cache's loop afterwards). */
    static List<CachedObject> parse(List<KeyValue> kvs) {
        List<CachedObject> out = new ArrayList<>(kvs.size());
        for (KeyValue kv : kvs) {
            out.add(CachedObject.parse(kv.key(), kv.modRevision(), kv.value()));
        }
        return out;
    }

    ResourceCache(String prefix, int historyCapacity, List<CachedObject> initial, long revision) {
        this.prefix = prefix;
        this.historyCapacity = historyCapacity;
        for (CachedObject o : initial) {
            objects.put(o.key(), o);
        }
        this.revision = revision;
        this.oldest = revision;
    }

    String prefix() {
        return prefix;
    }

    long revision() {
        return revision;
    }

    long oldest() {
        return oldest;
    }

    int size() {
        return objects.size();
    }

    int watcherCount() {
        return watchers.size();
    }

    /**
     * Applies this resource's part of a committed batch (events above the cache's revision only: a cache loaded
     * from a snapshot already holds older ones) and tells the watchers. {@code batchRevision} is the store revision
     * after the batch, which the cache now reflects even when none of the events were its own.
     */
    void apply(List<Event> events, long batchRevision) {
        List<CacheEvent> out = new ArrayList<>(events.size());
        for (Event e : events) {
            if (e.revision() <= revision) {
                continue;
            }
            CachedObject before = objects.get(e.key());
            CacheEvent ce;
            if (e.type() == Event.Type.DELETE) {
                if (before == null) {
                    continue;
                }
                objects.remove(e.key());
                ce = new CacheEvent(CacheEvent.Type.DELETE, e.revision(), null, before);
            } else {
                CachedObject now = CachedObject.parse(e.key(), e.revision(), e.kv().value());
                objects.put(e.key(), now);
                ce = new CacheEvent(before == null ? CacheEvent.Type.CREATE : CacheEvent.Type.UPDATE, e.revision(), now, before);
            }
            out.add(ce);
            remember(ce);
        }
        revision = Math.max(revision, batchRevision);
        if (!out.isEmpty()) {
            dispatch(out);
        }
    }

    /** Moves the revision on for a batch that held nothing of this resource. */
    void advance(long batchRevision) {
        revision = Math.max(revision, batchRevision);
    }

    private void remember(CacheEvent e) {
        history.addLast(e);
        if (history.size() > historyCapacity) {
            oldest = history.removeFirst().revision();
        }
    }

    private void dispatch(List<CacheEvent> events) {
        for (CacheWatcher w : List.copyOf(watchers)) {
            List<CacheEvent> mine = w.prefix().equals(prefix) ? events : under(events, w.prefix());
            if (!mine.isEmpty()) {
                w.onCacheEvents(mine);
            }
        }
    }

    private static List<CacheEvent> under(List<CacheEvent> events, String prefix) {
        List<CacheEvent> out = new ArrayList<>();
        for (CacheEvent e : events) {
            String key = e.object() != null ? e.object().key() : e.previous().key();
            if (key.startsWith(prefix)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The objects under {@code keyPrefix} (this resource's prefix, or a namespace's), in key order. */
    List<CachedObject> snapshot(String keyPrefix) {
        NavigableMap<String, CachedObject> range = keyPrefix.equals(prefix) ? objects
                : objects.subMap(keyPrefix, true, keyPrefix + Character.MAX_VALUE, false);
        return new ArrayList<>(range.values());
    }

    /** One object, or null. */
    CachedObject get(String key) {
        return objects.get(key);
    }

    /** The events after {@code fromRevision} under the watcher's prefix; only valid when {@code fromRevision >= oldest}. */
    List<CacheEvent> since(long fromRevision, String keyPrefix) {
        List<CacheEvent> out = new ArrayList<>();
        Iterator<CacheEvent> it = history.descendingIterator();
        ArrayDeque<CacheEvent> newer = new ArrayDeque<>();
        while (it.hasNext()) {
            CacheEvent e = it.next();
            if (e.revision() <= fromRevision) {
                break;
            }
            newer.addFirst(e);
        }
        for (CacheEvent e : newer) {
            String key = e.object() != null ? e.object().key() : e.previous().key();
            if (key.startsWith(keyPrefix)) {
                out.add(e);
            }
        }
        return out;
    }

    void add(CacheWatcher w) {
        watchers.add(w);
    }

    void remove(CacheWatcher w) {
        watchers.remove(w);
    }

    /** The cache is being dropped (a gap in the event stream): every watcher must start over. */
    void closeWatchers() {
        List<CacheWatcher> all = List.copyOf(watchers);
        watchers.clear();
        all.forEach(CacheWatcher::onCacheClosed);
    }
}
