package io.k3j.store.snapshot;

import java.nio.file.Path;

/** Copies one backend's datastore to a file and back. Blocking: call from the CLI or a worker thread. */
public interface Snapshotter {

    /** File name suffix of this backend's snapshots. */
    String suffix();

    /** Writes a consistent copy of the live datastore to {@code target} (which does not exist yet). */
    void save(Path target) throws Exception;

    /** Fails unless nothing is using the datastore (the server must be stopped before a restore). */
    void ensureNotInUse() throws Exception;

    /** Replaces the datastore's contents with {@code source}; returns a description of where the old data went. */
    String restore(Path source) throws Exception;
}
