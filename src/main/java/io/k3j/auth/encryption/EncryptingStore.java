package io.k3j.auth.encryption;

import io.k3j.store.Event;
import io.k3j.store.EventBatch;
import io.k3j.store.GetResult;
import io.k3j.store.KeyValue;
import io.k3j.store.RangeResult;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.k3j.store.WatchListener;
import io.k3j.store.Watcher;
import io.k3j.store.WriteResult;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Store} that keeps Secrets encrypted at rest: values under {@link #SECRETS_PREFIX} are sealed on every
 * write and opened on every read, range, write result, conflict and watch event, so the rest of the server sees
 * plaintext and nothing else changes. Other keys pass through untouched.
 *
 * <p>The keyring can be replaced while running ({@link #swap}); reads accept every configured key, writes use the
 * first. Re-encryption ({@link Reencryptor}) rewrites values with compare-and-swap and records each rewrite here,
 * so a client's compare-and-swap that lost only to a rewrite (same plaintext, new revision) is retried against
 * the rewritten revision instead of failing: rotating keys never fails a client's request.
 */
public final class EncryptingStore implements Store {

    private static final Logger LOG = Logger.getLogger(EncryptingStore.class.getName());

    /** Where Secrets live ({@code /registry/core/secrets/<namespace>/<name>}). */
    public static final String SECRETS_PREFIX = "/registry/core/secrets/";

    /** A re-encryption rewrote {@code key} from revision {@code from} to {@code to}, keeping its plaintext. */
    record Rewrite(long from, long to) {
    }

    private final Store delegate;
    private final AtomicReference<Keyring> keyring;
    private final Map<String, Rewrite> rewrites = new ConcurrentHashMap<>();
    /** The keyring before the last swap: events committed just before a swap may still be on their way. */
    private volatile Keyring previous;

    EncryptingStore(Store delegate, Keyring keyring) {
        this.delegate = delegate;
        this.keyring = new AtomicReference<>(keyring);
    }

    Store delegate() {
        return delegate;
    }

    Keyring keyring() {
        return keyring.get();
    }

    /** Installs {@code next}; the previous keyring is retired (see {@link Keyring#drained()}) and returned. */
    Keyring swap(Keyring next) {
        Keyring old = keyring.getAndSet(next);
        previous = old;
        old.retire();
        return old;
    }

    void recordRewrite(String key, long from, long to) {
        rewrites.put(key, new Rewrite(from, to));
    }

    /** Rewrites of an earlier rotation are of no further use once a new one starts. */
    void forgetRewrites() {
        rewrites.clear();
    }

    static boolean covers(String key) {
        return key.startsWith(SECRETS_PREFIX);
    }

    KeyValue open(KeyValue kv) {
        if (kv == null || kv.value() == null || !covers(kv.key())) {
            return kv;
        }
        try {
            return withValue(kv, keyring.get().decrypt(kv.key(), kv.value()));
        } catch (TransformException e) {
            Keyring before = previous;
            if (before == null) {
                throw e;
            }
            return withValue(kv, before.decrypt(kv.key(), kv.value()));
        }
    }

    /**
     * Opens the Secrets in a batch of the store's event stream. An event no key opens (which only a value written
     * around this decorator could cause) is left out and logged; the watch cache then sees a gap, drops its caches
     * and clients re-read through {@link #get}, where the failure is reported.
     */
    @Override
    public EventBatch openEvents(EventBatch batch) {
        List<Event> out = null;
        List<Event> events = batch.events();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (!covers(e.key())) {
                if (out != null) {
                    out.add(e);
                }
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(events.subList(0, i));
            }
            try {
                out.add(new Event(e.type(), open(e.kv()), open(e.prev())));
            } catch (TransformException ex) {
                LOG.log(Level.WARNING, "cannot decrypt a committed Secret", new Object[]{"error", ex.getMessage()});
            }
        }
        return out == null ? batch : new EventBatch(out, batch.revision());
    }

    private static KeyValue withValue(KeyValue kv, byte[] value) {
        return new KeyValue(kv.key(), value, kv.createRevision(), kv.modRevision(), kv.expiresAt());
    }

    @Override
    public Future<GetResult> get(String key, long revision) {
        return delegate.get(key, revision).map(r -> new GetResult(r.revision(), open(r.kv())));
    }

    @Override
    public Future<RangeResult> range(String prefix, String startKey, int limit, long revision) {
        return delegate.range(prefix, startKey, limit, revision).map(r -> {
            List<KeyValue> kvs = new ArrayList<>(r.kvs().size());
            for (KeyValue kv : r.kvs()) {
                kvs.add(open(kv));
            }
            return new RangeResult(kvs, r.revision(), r.more());
        });
    }

    @Override
    public Future<Long> count(String prefix) {
        return delegate.count(prefix);
    }

    @Override
    public Future<WriteResult> create(String key, byte[] value, Duration ttl) {
        if (!covers(key)) {
            return delegate.create(key, value, ttl);
        }
        return sealed(keyring -> delegate.create(key, keyring.encrypt(key, value), ttl))
                .map(w -> opened(w, value))
                .recover(this::openFailure);
    }

    @Override
    public Future<WriteResult> update(String key, byte[] value, long expectedModRevision, Duration ttl) {
        if (!covers(key)) {
            return delegate.update(key, value, expectedModRevision, ttl);
        }
        return sealed(keyring -> casUpdate(key, keyring.encrypt(key, value), expectedModRevision, ttl))
                .map(w -> opened(w, value))
                .recover(this::openFailure);
    }

    private Future<WriteResult> casUpdate(String key, byte[] sealedValue, long expected, Duration ttl) {
        return delegate.update(key, sealedValue, expected, ttl).recover(e -> retryRevision(key, expected, e)
                .compose(rev -> rev > 0 ? delegate.update(key, sealedValue, rev, ttl) : Future.failedFuture(e)));
    }

    @Override
    public Future<WriteResult> delete(String key, long expectedModRevision) {
        if (!covers(key)) {
            return delegate.delete(key, expectedModRevision);
        }
        return delegate.delete(key, expectedModRevision)
                .recover(e -> retryRevision(key, expectedModRevision, e)
                        .compose(rev -> rev > 0 ? delegate.delete(key, rev) : Future.failedFuture(e)))
                .map(w -> new WriteResult(w.revision(), w.kv(), open(w.prev())))
                .recover(this::openFailure);
    }

    /**
     * {@link #rewrittenRevision}, or — when the conflicting rewrite is not recorded yet (it commits before it is
     * recorded) — the current revision if the value the caller read (at {@code expected}) and the current one open to
     * the same plaintext: nothing the caller could see changed, so its write still means what it meant.
     */
    private Future<Long> retryRevision(String key, long expected, Throwable e) {
        long known = rewrittenRevision(key, expected, e);
        if (known > 0 || expected <= 0 || !(e instanceof StoreException.Conflict c) || c.current() == null
                || c.current().tombstone()) {
            return Future.succeededFuture(known);
        }
        KeyValue current = c.current();
        return delegate.get(key, expected).map(read -> {
            KeyValue then = read.kv();
            if (then == null || then.tombstone() || then.modRevision() != expected) {
                return 0L;
            }
            try {
                return java.util.Arrays.equals(open(then).value(), open(current).value()) ? current.modRevision() : 0L;
            } catch (RuntimeException undecryptable) {
                return 0L;
            }
        }).otherwise(0L);
    }

    /**
     * When a compare-and-swap on {@code key} expecting {@code expected} lost only to a re-encryption rewrite, the
     * revision to retry with; else 0. The rewrite kept the plaintext, so the retry is what the client asked for.
     */
    private long rewrittenRevision(String key, long expected, Throwable e) {
        if (expected > 0 && e instanceof StoreException.Conflict c && c.current() != null) {
            Rewrite r = rewrites.get(key);
            if (r != null && r.from() == expected && r.to() == c.current().modRevision()) {
                return r.to();
            }
        }
        return 0;
    }

    /** Runs a write with the current keyring, counted so a rotation can wait for it (see {@link Keyring}). */
    private <T> Future<T> sealed(java.util.function.Function<Keyring, Future<T>> write) {
        Keyring k = keyring.get();
        k.beginWrite();
        if (k != keyring.get()) { // swapped in between: use the new one, so the old one's drain stays exact
            k.endWrite();
            return sealed(write);
        }
        Future<T> f;
        try {
            f = write.apply(k);
        } catch (RuntimeException e) {
            k.endWrite();
            return Future.failedFuture(e);
        }
        return f.andThen(ar -> k.endWrite());
    }

    /** The result as the caller wrote it: the plaintext it passed in, and the replaced version opened. */
    private WriteResult opened(WriteResult w, byte[] plaintext) {
        return new WriteResult(w.revision(), withValue(w.kv(), plaintext), open(w.prev()));
    }

    /** Conflicts and existing keys carry the stored version: hand it on opened. */
    private <T> Future<T> openFailure(Throwable e) {
        try {
            if (e instanceof StoreException.Conflict c && c.current() != null && covers(c.current().key())) {
                KeyValue cur = open(c.current());
                return Future.failedFuture(new StoreException.Conflict(cur.key(), 0, cur));
            }
            if (e instanceof StoreException.KeyExists k && covers(k.current().key())) {
                return Future.failedFuture(new StoreException.KeyExists(open(k.current())));
            }
        } catch (TransformException ignored) {
            // the current version is unreadable: the original failure still says what happened
        }
        return Future.failedFuture(e);
    }

    @Override
    public Future<Watcher> watch(String prefix, long fromRevision, WatchListener listener) {
        if (!SECRETS_PREFIX.startsWith(prefix) && !prefix.startsWith(SECRETS_PREFIX)) {
            return delegate.watch(prefix, fromRevision, listener); // no Secret can match
        }
        OpeningListener opening = new OpeningListener(listener);
        return delegate.watch(prefix, fromRevision, opening).onSuccess(opening::attach);
    }

    /** Opens each event's value and previous value; an unreadable one ends the watch with the reason. */
    private final class OpeningListener implements WatchListener {
        private final WatchListener target;
        private final AtomicBoolean failed = new AtomicBoolean();
        private final AtomicReference<Watcher> watcher = new AtomicReference<>();

        OpeningListener(WatchListener target) {
            this.target = target;
        }

        void attach(Watcher w) {
            watcher.set(w);
            if (failed.get()) {
                w.cancel();
            }
        }

        @Override
        public void onEvents(List<Event> events) {
            if (failed.get()) {
                return;
            }
            List<Event> out = new ArrayList<>(events.size());
            try {
                for (Event e : events) {
                    out.add(covers(e.key()) ? new Event(e.type(), open(e.kv()), open(e.prev())) : e);
                }
            } catch (TransformException e) {
                failed.set(true);
                Watcher w = watcher.get();
                if (w != null) {
                    w.cancel();
                }
                target.onClose(e);
                return;
            }
            target.onEvents(out);
        }

        @Override
        public void onClose(Throwable cause) {
            if (!failed.get()) {
                target.onClose(cause);
            }
        }
    }

    @Override
    public Future<Long> currentRevision() {
        return delegate.currentRevision();
    }

    @Override
    public Future<Long> compactRevision() {
        return delegate.compactRevision();
    }

    @Override
    public Future<Long> compact(long revision) {
        return delegate.compact(revision);
    }

    @Override
    public Future<Long> size() {
        return delegate.size();
    }

    @Override
    public Future<Void> closeAsync() {
        return delegate.closeAsync();
    }
}
