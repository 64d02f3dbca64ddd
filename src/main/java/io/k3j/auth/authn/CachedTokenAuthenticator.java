package io.k3j.auth.authn;

import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers successful token authentications for a short while, as kube-apiserver's token cache does (success
 * TTL 10 s, failures not cached): a client that sends the same ServiceAccount token on every request pays the
 * RSA signature check and the lookups once per TTL, not per request. The price, as upstream, is that a revoked
 * token (deleted ServiceAccount or pod) keeps working for at most the TTL. Keys are the SHA-256 of the token and
 * the audiences, so the cache never holds a token itself.
 */
public final class CachedTokenAuthenticator implements TokenAuthenticator {

    public static final long DEFAULT_TTL_NANOS = 10_000_000_000L;
    static final int MAX_ENTRIES = 4096;

    private record Key(String digest, List<String> audiences) {
    }

    private record Entry(AuthResult.Success result, long expiresNanos) {
    }

    private final TokenAuthenticator delegate;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    public CachedTokenAuthenticator(TokenAuthenticator delegate) {
        this(delegate, DEFAULT_TTL_NANOS, System::nanoTime);
    }

    CachedTokenAuthenticator(TokenAuthenticator delegate, long ttlNanos, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.ttlNanos = ttlNanos;
        this.nanoTime = nanoTime;
    }

    @Override
    public Future<AuthResult> authenticateToken(String token, List<String> audiences) {
        Key key = new Key(sha256(token), List.copyOf(audiences));
        long now = nanoTime.getAsLong();
        Entry hit = entries.get(key);
        if (hit != null && now - hit.expiresNanos() < 0) {
            return Future.succeededFuture(hit.result());
        }
        return delegate.authenticateToken(token, audiences).map(r -> {
            if (r instanceof AuthResult.Success s) {
                if (entries.size() >= MAX_ENTRIES) {
                    evict(now);
                }
                entries.put(key, new Entry(s, now + ttlNanos));
            } else if (hit != null) {
                entries.remove(key);
            }
            return r;
        });
    }

    /** Drops expired entries; if the cache is still full (a flood of distinct valid tokens), starts over. */
    private void evict(long now) {
        entries.values().removeIf(e -> now - e.expiresNanos() >= 0);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
    }

    int size() {
        return entries.size();
    }

    private static String sha256(String token) {
        try {
            return java.util.HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
