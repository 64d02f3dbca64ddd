package io.k3j.auth.encryption;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded {@link EncryptionConfig}: encrypts with the first entry, decrypts with whichever entry's prefix the
 * value carries (upstream's prefix transformer). It also counts the writes encrypting with it, so that after a
 * newer keyring replaces it, key rotation can wait until no value sealed with this one is still on its way to
 * the store ({@link #drained()}).
 */
final class Keyring {

    private static final byte[] ENCRYPTED = "k8s:enc:".getBytes(StandardCharsets.US_ASCII);

    private record Entry(EncryptionKey key, byte[] prefix, ValueCipher cipher) {
    }

    private final EncryptionConfig config;
    private final List<Entry> entries = new ArrayList<>();
    private final boolean identityReads;
    private final AtomicInteger writesInFlight = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean retired;

    Keyring(EncryptionConfig config) {
        this.config = config;
        boolean identity = false;
        for (EncryptionKey k : config.keys()) {
            if (k.identity()) {
                identity = true;
                entries.add(new Entry(k, new byte[0], null));
            } else {
                entries.add(new Entry(k, k.prefix().getBytes(StandardCharsets.UTF_8), k.type().cipher(k.secret())));
            }
        }
        this.identityReads = identity;
    }

    EncryptionConfig config() {
        return config;
    }

    byte[] encrypt(String storeKey, byte[] plaintext) {
        Entry first = entries.get(0);
        if (first.key().identity()) {
            return plaintext;
        }
        byte[] sealed = first.cipher().encrypt(plaintext, context(storeKey));
        byte[] out = new byte[first.prefix().length + sealed.length];
        System.arraycopy(first.prefix(), 0, out, 0, first.prefix().length);
        System.arraycopy(sealed, 0, out, first.prefix().length, sealed.length);
        return out;
    }

    byte[] decrypt(String storeKey, byte[] stored) {
        if (!startsWith(stored, ENCRYPTED)) {
            if (identityReads) {
                return stored;
            }
            throw new TransformException(storeKey, "no matching prefix found");
        }
        for (Entry e : entries) {
            if (e.cipher() != null && startsWith(stored, e.prefix())) {
                int n = e.prefix().length;
                try {
                    return e.cipher().decrypt(java.util.Arrays.copyOfRange(stored, n, stored.length), context(storeKey));
                } catch (IllegalArgumentException | java.security.GeneralSecurityException ex) {
                    throw new TransformException(storeKey, ex.getMessage());
                }
            }
        }
        throw new TransformException(storeKey, "no matching prefix found");
    }

    /** Whether {@code stored} is sealed the way a write would seal it now (re-encryption skips these). */
    boolean isCurrent(byte[] stored) {
        Entry first = entries.get(0);
        return first.key().identity() ? !startsWith(stored, ENCRYPTED) : startsWith(stored, first.prefix());
    }

    /** Counts a write that will seal with this keyring; pair with {@link #endWrite()}. */
    void beginWrite() {
        writesInFlight.incrementAndGet();
    }

    void endWrite() {
        if (writesInFlight.decrementAndGet() == 0 && retired) {
            drained.complete(null);
        }
    }

    /** A newer keyring took over: {@link #drained()} completes once this one's last write has finished. */
    void retire() {
        retired = true;
        if (writesInFlight.get() == 0) {
            drained.complete(null);
        }
    }

    CompletableFuture<Void> drained() {
        return drained;
    }

    private static byte[] context(String storeKey) {
        return storeKey.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length && java.util.Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }
}
