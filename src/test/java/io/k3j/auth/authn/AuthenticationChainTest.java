package io.k3j.auth.authn;

import io.k3j.auth.UserInfo;
import io.k3j.auth.X509Authenticator;
import io.k3j.pki.ClusterToken;
import io.k3j.pki.Tokens;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationChainTest {

    private static final List<String> AUDS = List.of("https://kubernetes.default.svc.cluster.local", "k3s");
    private static final TestCerts.Issued CLIENT_CA = TestCerts.ca("client-ca");
    private static final TestCerts.Issued PROXY_CA = TestCerts.ca("request-header-ca");
    private static final Tokens TOKENS = new Tokens(new ClusterToken("ab".repeat(32), "server", "pw"),
            new ClusterToken("ab".repeat(32), "server", "pw"));

    private final FakeLookup lookup = new FakeLookup();

    private AuthenticationChain chain(boolean anonymous, TokenAuthenticator... extra) {
        Clock clock = Clock.systemUTC();
        ClusterTokenAuthenticator cluster = new ClusterTokenAuthenticator(TOKENS);
        List<TokenAuthenticator> tokens = new java.util.ArrayList<>(List.of(extra));
        tokens.add(new AudienceAgnostic(cluster, AUDS));
        tokens.add(new ServiceAccountTokenAuthenticator(AUDS.getFirst(), List.of(TestCerts.rsaKey().getPublic()), lookup, clock, AUDS));
        tokens.add(new AudienceAgnostic(new BootstrapTokenAuthenticator(lookup, clock), AUDS));
        return new AuthenticationChain(List.of(
                new X509RequestAuthenticator(new X509Authenticator(CLIENT_CA.cert(), clock), AUDS),
                new BearerTokenAuthenticator(new TokenUnion(tokens), cluster, AUDS),
                new RequestHeaderAuthenticator(new X509Authenticator(PROXY_CA.cert(), clock),
                        RequestHeaderAuthenticator.Settings.k3sDefaults(), AUDS)), anonymous);
    }

    private static AuthRequest request(List<Certificate> certs, String... headers) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return new AuthRequest(certs, h);
    }

    private static UserInfo user(AuthResult r) {
        assertThat(r).isInstanceOf(AuthResult.Success.class);
        return ((AuthResult.Success) r).user();
    }

    @Test
    void noCredentialsIsAnonymousUnlessSwitchedOff() {
        assertThat(user(chain(true).authenticate(request(List.of())).result())).isEqualTo(UserInfo.anonymous());
        assertThat(chain(false).authenticate(request(List.of())).result())
                .isEqualTo(new AuthResult.Failure("anonymous requests are disabled"));
    }

    @Test
    void presentedButInvalidCredentialsAreNeverAnonymous() {
        assertThat(chain(true).authenticate(request(List.of(), "Authorization", "Bearer nope")).result())
                .isInstanceOf(AuthResult.Failure.class);
        var otherCa = TestCerts.client(TestCerts.ca("client-ca"), "eve", "system:masters");
        assertThat(chain(true).authenticate(request(List.of(otherCa.cert()))).result()).isInstanceOf(AuthResult.Failure.class);
        Instant now = Instant.now();
        var expired = TestCerts.client(CLIENT_CA, "old", List.of(), now.minusSeconds(100), now.minusSeconds(10));
        AuthResult r = chain(true).authenticate(request(List.of(expired.cert()))).result();
        assertThat(((AuthResult.Failure) r).reason()).contains("expired");
    }

    @Test
    void firstAuthenticatorToRecogniseTheRequestWins() {
        var jane = TestCerts.client(CLIENT_CA, "jane", "devs");
        UserInfo u = user(chain(true).authenticate(request(List.of(jane.cert()), "Authorization", "Bearer pw")).result());
        assertThat(u.name()).isEqualTo("jane");
        assertThat(u.groups()).containsExactly("devs", "system:authenticated");
        // A bad certificate does not stop a valid token from authenticating the request (upstream's union).
        var otherCa = TestCerts.client(TestCerts.ca("x"), "eve");
        assertThat(user(chain(true).authenticate(request(List.of(otherCa.cert()), "Authorization", "Bearer pw")).result()).name())
                .isEqualTo("server");
        var proxy = TestCerts.client(PROXY_CA, "system:auth-proxy");
        assertThat(user(chain(false).authenticate(request(List.of(proxy.cert()), "X-Remote-User", "bob")).result()).name())
                .isEqualTo("bob");
    }

    @Test
    void aThrowingOrFailingAuthenticatorIsA401NotAnError() {
        TokenAuthenticator throwing = (t, a) -> {
            throw new IllegalStateException("boom");
        };
        TokenAuthenticator failing = (t, a) -> Future.failedFuture(new RuntimeException("store down"));
        for (TokenAuthenticator broken : List.of(throwing, failing)) {
            AuthResult r = chain(true, broken).authenticate(request(List.of(), "Authorization", "Bearer whatever")).result();
            assertThat(r).isInstanceOf(AuthResult.Failure.class);
        }
        // A broken authenticator does not hide a valid credential from the others.
        assertThat(user(chain(true, throwing).authenticate(request(List.of(), "Authorization", "Bearer pw")).result()).name())
                .isEqualTo("server");
    }

    @Test
    void twentyThousandHostileAuthorizationHeadersAreAllRefused() {
        AuthenticationChain chain = chain(true);
        Random random = new Random(20260501L);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            String value = HostileHeaders.next(random, i % 2 == 0);
            Future<AuthResult> f = chain.authenticate(request(List.of(), "Authorization", value));
            assertThat(f.succeeded()).as("completes at once, without error: %s", value).isTrue();
            if (f.result() instanceof AuthResult.Success s) {
                // Only the K3s password itself, which the generator cannot produce, authenticates.
                throw new AssertionError("authenticated " + s.user().name() + " with " + value);
            }
            refused++;
        }
        assertThat(refused).isEqualTo(20_000);
    }
}
