package io.k3j.auth.encryption;

import io.k3j.store.KeyValue;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Rewrites every stored Secret that is not sealed with the current first key, online. Each rewrite is a
 * compare-and-swap on the revision just read: a client write that lands first wins (it was sealed with the
 * current key anyway, or is simply re-read and rewritten), so no client write is ever lost. Passes repeat until
 * one finds nothing left to rewrite, which also catches a value sealed with an old key by a write that was
 * already under way when the keys changed.
 */
final class Reencryptor {

    private static final Logger LOG = Logger.getLogger(Reencryptor.class.getName());
    private static final int PAGE = 100;
    private static final int MAX_PASSES = 5;
    private static final int MAX_ATTEMPTS_PER_KEY = 20;

    private final EncryptingStore store;
    private final AtomicLong rewritten = new AtomicLong();

    Reencryptor(EncryptingStore store) {
        this.store = store;
    }

    /** Secrets rewritten so far. */
    long rewritten() {
        return rewritten.get();
    }

    /** Completes once every Secret is sealed with the current first key; the result is how many were rewritten. */
    Future<Long> run() {
        return pass(1).map(v -> rewritten.get());
    }

    private Future<Void> pass(int n) {
        long before = rewritten.get();
        return page(null).compose(v -> {
            long found = rewritten.get() - before;
            if (found == 0) {
                return Future.succeededFuture();
            }
            if (n >= MAX_PASSES) {
                return Future.failedFuture(new IllegalStateException(
                        "Secrets keep arriving sealed with an old key after " + n + " passes"));
            }
            LOG.log(Level.FINE, "re-encryption pass done", new Object[]{"pass", n, "rewritten", found});
            return pass(n + 1);
        });
    }

    private Future<Void> page(String startKey) {
        return store.delegate().range(EncryptingStore.SECRETS_PREFIX, startKey, PAGE, 0).compose(r -> {
            Future<Void> chain = Future.succeededFuture();
            for (KeyValue kv : r.kvs()) {
                chain = chain.compose(v -> rewrite(kv, 1));
            }
            List<KeyValue> kvs = r.kvs();
            return r.more() && !kvs.isEmpty()
                    ? chain.compose(v -> page(kvs.get(kvs.size() - 1).key() + "\0"))
                    : chain;
        });
    }

    private Future<Void> rewrite(KeyValue raw, int attempt) {
        Keyring k = store.keyring();
        if (raw.value() == null || k.isCurrent(raw.value())) {
            return Future.succeededFuture();
        }
        byte[] sealed;
        try {
            sealed = k.encrypt(raw.key(), k.decrypt(raw.key(), raw.value()));
        } catch (TransformException e) {
            return Future.failedFuture(e);
        }
        Duration ttl = raw.expiresAt() > 0
                ? Duration.ofMillis(Math.max(1, raw.expiresAt() - System.currentTimeMillis())) : null;
        return store.delegate().update(raw.key(), sealed, raw.modRevision(), ttl).<Void>map(w -> {
            store.recordRewrite(raw.key(), raw.modRevision(), w.revision());
            rewritten.incrementAndGet();
            return null;
        }).recover(e -> {
            if (e instanceof StoreException.NotFound) {
                return Future.succeededFuture(); // deleted meanwhile: nothing to rewrite
            }
            if (e instanceof StoreException.Conflict c && attempt < MAX_ATTEMPTS_PER_KEY) {
                KeyValue current = c.current();
                return current == null || current.tombstone() ? Future.succeededFuture() : rewrite(current, attempt + 1);
            }
            return Future.failedFuture(e);
        });
    }
}
