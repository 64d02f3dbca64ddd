package io.k3j.store;

/**
 * The failures callers must tell apart; each maps to one API-server answer. Sealed so a switch over them is total.
 */
public sealed class StoreException extends RuntimeException
        permits StoreException.Conflict, StoreException.KeyExists, StoreException.NotFound,
        StoreException.Compacted, StoreException.WatchLagged, StoreException.Unavailable {

    private StoreException(String message, Throwable cause) {
        super(message, cause, true, false);
    }

    /** Compare-and-swap lost: {@code current} is what is stored now (null if the key is gone). → 409 */
    public static final class Conflict extends StoreException {
        private final transient KeyValue current;

        public Conflict(String key, long expected, KeyValue current) {
            super("conflict on " + key + ": expected modRevision " + expected + ", current "
                    + (current == null ? "absent" : current.modRevision()), null);
            this.current = current;
        }

        public KeyValue current() {
            return current;
        }
    }

    /** Create of a key that exists; {@code current} is the existing version. → 409 AlreadyExists */
    public static final class KeyExists extends StoreException {
        private final transient KeyValue current;

        public KeyExists(KeyValue current) {
            super("key exists: " + current.key(), null);
            this.current = current;
        }

        public KeyValue current() {
            return current;
        }
    }

    /** Update or delete of an absent key. → 404 */
    public static final class NotFound extends StoreException {
        public NotFound(String key) {
            super("key not found: " + key, null);
        }
    }

    /** The requested revision is older than the compacted revision. → 410 Gone */
    public static final class Compacted extends StoreException {
        private final long requested;
        private final long compactRevision;

        public Compacted(long requested, long compactRevision) {
            super("revision " + requested + " has been compacted (compacted revision " + compactRevision + ")", null);
            this.requested = requested;
            this.compactRevision = compactRevision;
        }

        public long requested() {
            return requested;
        }

        public long compactRevision() {
            return compactRevision;
        }
    }

    /** A watcher fell too far behind and was closed; watch again from {@code resumeRevision}. */
    public static final class WatchLagged extends StoreException {
        private final long resumeRevision;

        public WatchLagged(long resumeRevision) {
            super("watcher fell behind and was closed; resume from revision " + resumeRevision, null);
            this.resumeRevision = resumeRevision;
        }

        public long resumeRevision() {
            return resumeRevision;
        }
    }

    /** The database cannot be reached or the store is closed. → 503 */
    public static final class Unavailable extends StoreException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
