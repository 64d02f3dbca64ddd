package io.k3j.store;

/** Handle of a running watch. */
public interface Watcher {

    /** Revision of the last event handed to the listener (the watch's start revision before any). */
    long lastRevision();

    /** Stops delivery; the listener's {@code onClose(null)} follows. Idempotent. */
    void cancel();
}
