package io.k3j.store;

import java.util.List;

/**
 * Receives a watcher's events. Calls arrive one at a time, in revision order, on the Vert.x context that
 * called {@link Store#watch}, so the listener needs no locking.
 */
public interface WatchListener {

    /** A non-empty run of events, each with a revision above every earlier one. The list is shared: don't modify. */
    void onEvents(List<Event> events);

    /**
     * The watch ended: {@code cause} is null after {@link Watcher#cancel()}, a {@link StoreException.WatchLagged}
     * when the watcher fell behind, or {@link StoreException.Unavailable} when the store closed.
     */
    default void onClose(Throwable cause) {
    }
}
