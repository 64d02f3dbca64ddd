package io.k3j.apiserver.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.rest.CachedReads;
import io.k3j.apiserver.watchcache.CacheEvent;
import io.k3j.apiserver.watchcache.CacheWatcher;
import io.k3j.apiserver.watchcache.CachedObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Catches components that change objects they got from the in-process client: those trees are the watch cache's
 * own, so a change would show in what kubectl reads (and in every other component's cache). When on (tests turn it
 * on with {@code -Dk3j.checkSharedTrees=true}), it remembers a fingerprint (the deep hash) of every shared tree
 * handed out and checks it again when the next event for that key replaces the tree in the cache, or when the
 * same tree is handed out again; a difference is logged at SEVERE with {@link #MESSAGE}, which the end-to-end
 * harness fails on. Off, it costs one branch per object.
 *
 * <p>Confined to the watch cache's event loop, where the in-process client hands trees out.
 */
public final class SharedTreeGuard {

    public static final String PROPERTY = "k3j.checkSharedTrees";
    /** The start of the SEVERE line a violation logs (the end-to-end harness looks for it). */
    public static final String MESSAGE = "a component modified an object shared with the watch cache";

    private static final Logger LOG = Logger.getLogger(SharedTreeGuard.class.getName());

    private record Handed(ObjectNode tree, int fingerprint) {
    }

    private final boolean enabled;
    private final CachedReads reads;
    private final Map<String, Handed> handed = new HashMap<>();
    private final Set<String> watched = new HashSet<>();
    private final AtomicInteger violations = new AtomicInteger();

    SharedTreeGuard(boolean enabled, CachedReads reads) {
        this.enabled = enabled;
        this.reads = reads;
    }

    /** On when the system property says so. */
    static boolean enabledByProperty() {
        return Boolean.getBoolean(PROPERTY);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Violations seen so far. */
    public int violations() {
        return violations.get();
    }

    /** {@code tree} (what a read returned for {@code o}) leaves for a component; only shared trees are followed. */
    void handedOut(ResourceDescriptor d, CachedObject o, ObjectNode tree) {
        if (!enabled || tree != o.object()) {
            return; // a converted copy is the caller's own
        }
        follow(d);
        Handed h = handed.get(o.key());
        if (h != null && h.tree() == tree) {
            verify(o.key(), h);
            return;
        }
        handed.put(o.key(), new Handed(tree, fingerprint(tree)));
    }

    /** Registers a watcher of the resource (once), so every replaced tree is checked when it leaves the cache. */
    private void follow(ResourceDescriptor d) {
        String prefix = CachedReads.keyPrefix(d, "");
        if (!watched.add(prefix)) {
            return;
        }
        reads.watch(d, 0, new CacheWatcher() {
            @Override
            public String prefix() {
                return prefix;
            }

            @Override
            public void onCacheEvents(List<CacheEvent> events) {
                for (CacheEvent e : events) {
                    if (e.previous() != null) {
                        replaced(e.previous());
                    }
                }
            }

            @Override
            public void onCacheClosed() {
                watched.remove(prefix);
                handed.keySet().removeIf(k -> k.startsWith(prefix));
            }
        });
    }

    private void replaced(CachedObject previous) {
        Handed h = handed.get(previous.key());
        if (h != null && h.tree() == previous.object()) {
            handed.remove(previous.key());
            verify(previous.key(), h);
        }
    }

    private void verify(String key, Handed h) {
        if (fingerprint(h.tree()) != h.fingerprint()) {
            violations.incrementAndGet();
            LOG.log(Level.SEVERE, MESSAGE + " (copy it before changing it)", new Object[]{"key", key});
        }
    }

    /** The deep hash: every field name and value of the tree (Jackson's containers hash their contents). */
    private static int fingerprint(ObjectNode tree) {
        return tree.hashCode();
    }
}
