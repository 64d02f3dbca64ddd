package io.k3j.apiserver.watchcache;

/**
 * A change as the cache saw it: the object after ({@code null} on delete) and before ({@code null} on create).
 * On a delete, {@link #deleted()} is the last state with the deletion's revision, as watchers report it.
 */
public record CacheEvent(Type type, long revision, CachedObject object, CachedObject previous) {

    public enum Type { CREATE, UPDATE, DELETE }

    /** The deleted object stamped with the deletion's revision (built lazily: only watchers that see it ask). */
    public CachedObject deleted() {
        if (previous == null) {
            return null;
        }
        var copy = previous.copy();
        copy.with("metadata").put("resourceVersion", String.valueOf(revision));
        return new CachedObject(previous.key(), revision, copy);
    }
}
