package io.k3j.auth.authn;

import io.k3j.auth.UserInfo;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CachedTokenAuthenticatorTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean valid = true;

    private final TokenAuthenticator delegate = (token, auds) -> {
        calls.incrementAndGet();
        return Future.succeededFuture(valid && token.equals("good")
                ? new AuthResult.Success(new UserInfo("u", List.of()), auds) : AuthResult.failure("bad"));
    };

    @Test
    void successesAreRememberedForTheTtlFailuresNever() {
        var cache = new CachedTokenAuthenticator(delegate, 10_000, now::get);
        List<String> auds = List.of("a");
        assertThat(cache.authenticateToken("good", auds).result()).isInstanceOf(AuthResult.Success.class);
        assertThat(cache.authenticateToken("good", auds).result()).isInstanceOf(AuthResult.Success.class);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(cache.authenticateToken("good", List.of("other")).result()).isInstanceOf(AuthResult.Success.class);
        assertThat(calls.get()).as("audiences are part of the key").isEqualTo(2);

        cache.authenticateToken("bad", auds);
        cache.authenticateToken("bad", auds);
        assertThat(calls.get()).as("failures are not cached").isEqualTo(4);

        valid = false; // revoked
        now.addAndGet(9_999);
        assertThat(cache.authenticateToken("good", auds).result()).isInstanceOf(AuthResult.Success.class);
        now.addAndGet(1);
        assertThat(cache.authenticateToken("good", auds).result()).as("after the TTL, asked again")
                .isInstanceOf(AuthResult.Failure.class);
        assertThat(cache.authenticateToken("good", auds).result()).isInstanceOf(AuthResult.Failure.class);
    }

    @Test
    void staysBounded() {
        TokenAuthenticator anyToken = (token, auds) -> Future.succeededFuture(new AuthResult.Success(new UserInfo(token, List.of()), auds));
        var cache = new CachedTokenAuthenticator(anyToken, 10_000, now::get);
        for (int i = 0; i < CachedTokenAuthenticator.MAX_ENTRIES * 3; i++) {
            cache.authenticateToken("t" + i, List.of());
        }
        assertThat(cache.size()).isLessThanOrEqualTo(CachedTokenAuthenticator.MAX_ENTRIES);
    }
}
