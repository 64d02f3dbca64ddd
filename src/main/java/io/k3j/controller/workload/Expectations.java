package io.k3j.controller.workload;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * upstream's UIDTrackingControllerExpectations: how many pods a controller has asked to create and which it asked to
 * delete, not yet seen by its informer. While any are outstanding the controller does not act on its (stale) cache,
 * so it never creates twice. Expectations expire after five minutes, in case a watch event was lost for good.
 */
final class Expectations {

    static final long TTL_MS = 5 * 60 * 1000L;

    private static final class Entry {
        int adds;
        final Set<String> deletes = new HashSet<>();
        long at;
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final java.util.function.LongSupplier clock;

    Expectations(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    Expectations() {
        this(System::currentTimeMillis);
    }

    /** True when nothing is outstanding (or the record expired): the cache can be trusted. */
    boolean satisfied(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return true;
        }
        synchronized (e) {
            return (e.adds <= 0 && e.deletes.isEmpty()) || clock.getAsLong() - e.at > TTL_MS;
        }
    }

    void expectCreations(String key, int n) {
        Entry e = new Entry();
        e.adds = n;
        e.at = clock.getAsLong();
        entries.put(key, e);
    }

    void expectDeletions(String key, Set<String> podKeys) {
        Entry e = new Entry();
        e.deletes.addAll(podKeys);
        e.at = clock.getAsLong();
        entries.put(key, e);
    }

    void creationObserved(String key) {
        Entry e = entries.get(key);
        if (e != null) {
            synchronized (e) {
                e.adds--;
            }
        }
    }

    void deletionObserved(String key, String podKey) {
        Entry e = entries.get(key);
        if (e != null) {
            synchronized (e) {
                e.deletes.remove(podKey);
            }
        }
    }

    void forget(String key) {
        entries.remove(key);
    }
}
