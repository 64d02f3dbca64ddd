package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.watchcache.CacheEvent;
import io.k3j.apiserver.watchcache.CachedObject;

/**
 * Which of the cache's events a watch reports, and as what, given the object name it watches ("" = any) and its
 * selectors: a change to a visible object is ADDED or MODIFIED as it was visible before; one that is deleted, or
 * changes so it no longer matches, is DELETED (the client must drop it). HTTP and in-process watches alike.
 */
public record WatchFilter(String name, Selectors selectors) {

    /** What to report: the event type and the object (for DELETED, the last state at the deletion's revision). */
    public record Change(String type, CachedObject object) {
    }

    public boolean visible(ObjectNode obj) {
        return (name.isEmpty() || name.equals(obj.path("metadata").path("name").asText())) && selectors.matches(obj);
    }

    /** The change {@code e} makes to this watch, or null when the watch does not see it. */
    public Change classify(CacheEvent e) {
        ObjectNode now = e.object() == null ? null : e.object().object();
        ObjectNode before = e.previous() == null ? null : e.previous().object();
        boolean was = before != null && visible(before);
        boolean is = now != null && visible(now);
        if (is) {
            return new Change(was ? "MODIFIED" : "ADDED", e.object());
        }
        return was ? new Change("DELETED", e.deleted()) : null;
    }
}
