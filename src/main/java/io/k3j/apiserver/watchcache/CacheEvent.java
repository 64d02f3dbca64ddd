package io.k3j.apiserver.watchcache;

/**
 * A change as the cache saw it: the object after ({@code null} on delete) and before ({@code null} on create).
 * On a delete, {@link #deleted()} is the last state with the deletion's revision, as watchers report it.
 */
public final class CacheEvent {

    public enum Type { CREATE, UPDATE, DELETE }

    private final Type type;
    private final long revision;
    private final CachedObject object;
    private final CachedObject previous;
    /** Built on first ask and shared by every watcher that reports the deletion (read-only, as cached objects). */
    private volatile CachedObject deleted;

    public CacheEvent(Type type, long revision, CachedObject object, CachedObject previous) {
        this.type = type;
        this.revision = revision;
        this.object = object;
        this.previous = previous;
    }

    public Type type() {
        return type;
    }

    public long revision() {
        return revision;
    }

    public CachedObject object() {
        return object;
    }

    public CachedObject previous() {
        return previous;
    }

    /**
     * The object before the change stamped with this event's revision: what a watch reports as DELETED (on a delete,
     * or when an update moves the object out of its selectors). Copied once, whatever the number of watchers.
     */
    public CachedObject deleted() {
        if (previous == null) {
            return null;
        }
        CachedObject d = deleted;
        if (d == null) {
            var copy = previous.copy();
            copy.with("metadata").put("resourceVersion", String.valueOf(revision));
            d = new CachedObject(previous.key(), revision, copy);
            deleted = d;
        }
        return d;
    }

    @Override
    public String toString() {
        return "CacheEvent[" + type + " " + revision + " " + (object != null ? object.key() : previous.key()) + "]";
    }
}
