package io.k3j.store.log;

import io.k3j.store.Event;
import io.k3j.store.StoreException;
import io.k3j.store.WatchListener;
import io.k3j.store.Watcher;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Fans committed events out to watchers. Fed in revision order by one producer (the group committer, or the
 * poller of a shared database). Keeps a ring of recent events so most watches start without a database read;
 * older starts register first, then read history, so no event can slip between the two.
 */
final class WatchHub {

    private final Backend backend;
    private final int ringCapacity;
    private final int watchBuffer;
    private final LongSupplier compacted;
    private final StoreMetrics metrics;
    private final ArrayDeque<Event> ring = new ArrayDeque<>();
    private final Map<String, Set<HubWatcher>> byPrefix = new HashMap<>();
    private long ringStart;   // the ring holds every event with ringStart < revision <= revision
    private long revision;
    private int watchers;

    WatchHub(Backend backend, long revision, int ringCapacity, int watchBuffer, LongSupplier compacted,
             StoreMetrics metrics) {
        this.backend = backend;
        this.ringCapacity = ringCapacity;
        this.watchBuffer = watchBuffer;
        this.compacted = compacted;
        this.metrics = metrics;
        this.ringStart = revision;
        this.revision = revision;
    }

    synchronized long revision() {
        return revision;
    }

    synchronized int watcherCount() {
        return watchers;
    }

    /** Adds a batch (revisions strictly above every earlier one) and offers it to every matching watcher. */
    void publish(List<Event> events) {
        synchronized (this) {
            long before = revision;
            for (Event e : events) {
                if (e.revision() <= revision) {
                    continue; // a poller re-read; already seen
                }
                ring.add(e);
                revision = e.revision();
            }
            while (ring.size() > ringCapacity) {
                ringStart = ring.poll().revision();
            }
            // A copy: dropping a lagging watcher inside offer() may remove its prefix from the map.
            for (Map.Entry<String, Set<HubWatcher>> group : List.copyOf(byPrefix.entrySet())) {
                // Filter once per prefix; every watcher of that prefix gets the same immutable list.
                List<Event> matching = filter(events, group.getKey(), before);
                if (!matching.isEmpty()) {
                    for (HubWatcher w : List.copyOf(group.getValue())) {
                        w.offer(matching);
                    }
                }
            }
        }
    }

    Future<Watcher> watch(String prefix, long from, WatchListener listener, Context context) {
        HubWatcher w;
        long upTo;
        boolean fromRing;
        synchronized (this) {
            long start = from <= 0 ? revision : from;
            long compactedRev = compacted.getAsLong();
            if (start < compactedRev) {
                return Future.failedFuture(new StoreException.Compacted(start, compactedRev));
            }
            w = new HubWatcher(prefix, start, listener, context, watchBuffer, this::remove);
            byPrefix.computeIfAbsent(prefix, k -> new LinkedHashSet<>()).add(w);
            watchers++;
            metrics.watchers(watchers);
            fromRing = start >= ringStart;
            upTo = revision;
            if (fromRing) {
                w.ready(filter(ring, prefix, start));
                return Future.succeededFuture(w);
            }
            from = start;
        }
        long afterRev = from;
        return readHistory(prefix, afterRev, upTo, new ArrayList<>()).compose(history -> {
            long compactedRev = compacted.getAsLong();
            if (afterRev < compactedRev) {
                // Compaction raced the read: part of the history may be gone.
                w.fail(new StoreException.Compacted(afterRev, compactedRev));
                return Future.failedFuture(new StoreException.Compacted(afterRev, compactedRev));
            }
            w.ready(history);
            return Future.succeededFuture((Watcher) w);
        }, err -> {
            w.fail(err);
            return Future.failedFuture(err);
        });
    }

    private Future<List<Event>> readHistory(String prefix, long after, long upTo, List<Event> acc) {
        if (after >= upTo) {
            return Future.succeededFuture(acc);
        }
        return backend.after(prefix, KeyRanges.end(prefix), after, upTo, 1000).compose(page -> {
            acc.addAll(page);
            if (page.size() < 1000) {
                return Future.succeededFuture(acc);
            }
            return readHistory(prefix, page.getLast().revision(), upTo, acc);
        });
    }

    private synchronized void remove(HubWatcher w, Throwable cause) {
        if (cause instanceof StoreException.WatchLagged) {
            metrics.droppedWatcher();
        }
        Set<HubWatcher> set = byPrefix.get(w.prefix);
        if (set != null && set.remove(w)) {
            watchers--;
            metrics.watchers(watchers);
            if (set.isEmpty()) {
                byPrefix.remove(w.prefix);
            }
        }
    }

    /** Closes every watcher with {@code cause} (store shutdown). */
    void closeAll(Throwable cause) {
        List<HubWatcher> all = new ArrayList<>();
        synchronized (this) {
            byPrefix.values().forEach(all::addAll);
        }
        all.forEach(w -> w.fail(cause));
    }

    private static List<Event> filter(Iterable<Event> events, String prefix, long after) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.revision() > after && e.key().startsWith(prefix)) {
                out.add(e);
            }
        }
        return out;
    }
}
