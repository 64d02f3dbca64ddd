package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** OIDC against a tiny HTTPS issuer the test runs on loopback with its own CA and keys. */
class OidcAuthenticatorTest {

    private Vertx vertx;
    private io.vertx.core.Context loop;
    private TestIssuer issuer;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
        issuer = new TestIssuer(vertx);
    }

    @AfterEach
    void stop() {
        if (issuer != null) {
            issuer.close();
        }
        vertx.close().await();
    }

    /** Runs on one event-loop context, as the API server does, and waits for the result. */
    private <T> T on(Callable<T> work) {
        return Future.<T>future(p -> loop.runOnContext(v -> {
            try {
                p.complete(work.call());
            } catch (Exception e) {
                p.fail(e);
            }
        })).await();
    }

    private OidcSettings settings(String usernameClaim, String usernamePrefix, List<JwsAlgorithm> algs) {
        return new OidcSettings(issuer.url(), "k3j", usernameClaim, usernamePrefix, "groups", "oidc:", Optional.empty(), algs);
    }

    private OidcAuthenticator authenticator(OidcSettings s, boolean trustIssuerCa) {
        return authenticator(s, trustIssuerCa, OidcKeys.MIN_REFRESH_MS);
    }

    private OidcAuthenticator authenticator(OidcSettings s, boolean trustIssuerCa, long minRefreshMs) {
        return on(() -> {
            OidcKeys keys = new OidcKeys(vertx, s, trustIssuerCa ? Buffer.buffer(issuer.ca.certPem()) : null, minRefreshMs);
            keys.start();
            return new OidcAuthenticator(s, keys, Clock.systemUTC());
        });
    }

    private AuthResult check(OidcAuthenticator a, String token) {
        return Future.<AuthResult>future(p -> loop.runOnContext(v -> a.authenticateToken(token, List.of()).onComplete(p)))
                .await();
    }

    @Test
    void rs256TokenMapsUsernameAndGroups() {
        issuer.addKey("k1", JwsAlgorithm.RS256);
        OidcAuthenticator a = authenticator(settings("sub", "", List.of(JwsAlgorithm.RS256)), true);
        ObjectNode c = issuer.claims("k3j", "user-123");
        c.putArray("groups").add("admins").add("devs");
        AuthResult r = check(a, issuer.token("k1", c));
        assertThat(r).as(r.toString()).isInstanceOf(AuthResult.Success.class);
        var u = ((AuthResult.Success) r).user();
        assertThat(u.name()).isEqualTo(issuer.url() + "#user-123");
        assertThat(u.groups()).containsExactly("oidc:admins", "oidc:devs");

        ObjectNode single = issuer.claims("k3j", "user-123").put("groups", "solo");
        assertThat(((AuthResult.Success) check(a, issuer.token("k1", single))).user().groups()).containsExactly("oidc:solo");
    }

    @Test
    void es256WhenAllowedOnlyAsUpstreamDefaultsToRs256() {
        issuer.addKey("ec", JwsAlgorithm.ES256);
        String token = issuer.token("ec", issuer.claims("k3j", "u"));
        AuthResult rsOnly = check(authenticator(settings("sub", "-", List.of(JwsAlgorithm.RS256)), true), token);
        assertThat(((AuthResult.Failure) rsOnly).reason()).contains("oidc-signing-algs");
        AuthResult both = check(authenticator(settings("sub", "-", List.of(JwsAlgorithm.RS256, JwsAlgorithm.ES256)), true), token);
        assertThat(((AuthResult.Success) both).user().name()).isEqualTo("u");
    }

    @Test
    void refusesWrongAudienceExpiryForgeryAndAlgNone() {
        issuer.addKey("k1", JwsAlgorithm.RS256);
        OidcAuthenticator a = authenticator(settings("sub", "", List.of(JwsAlgorithm.RS256)), true);
        assertThat(check(a, issuer.token("k1", issuer.claims("someone-else", "u")))).isInstanceOf(AuthResult.Failure.class);
        ObjectNode expired = issuer.claims("k3j", "u").put("exp", java.time.Instant.now().getEpochSecond() - 120);
        assertThat(((AuthResult.Failure) check(a, issuer.token("k1", expired))).reason()).contains("expired");
        ObjectNode noExp = issuer.claims("k3j", "u");
        noExp.remove("exp");
        assertThat(((AuthResult.Failure) check(a, issuer.token("k1", noExp))).reason()).contains("no expiry");

        String good = issuer.token("k1", issuer.claims("k3j", "u"));
        String[] p = good.split("\\.");
        String forgedPayload = Jws.encode(issuer.claims("k3j", "admin").toString().getBytes(StandardCharsets.UTF_8));
        assertThat(((AuthResult.Failure) check(a, p[0] + "." + forgedPayload + "." + p[2])).reason()).contains("invalid signature");
        String none = Jws.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + p[1] + ".";
        assertThat(check(a, none)).isInstanceOf(AuthResult.Failure.class);
        ObjectNode noSub = issuer.claims("k3j", "u");
        noSub.remove("sub");
        assertThat(((AuthResult.Failure) check(a, issuer.token("k1", noSub))).reason()).contains("claim not present");
    }

    @Test
    void emailClaimNeedsVerifiedEmailAndGetsNoPrefix() {
        issuer.addKey("k1", JwsAlgorithm.RS256);
        OidcAuthenticator a = authenticator(settings("email", "", List.of(JwsAlgorithm.RS256)), true);
        ObjectNode c = issuer.claims("k3j", "u").put("email", "jane@example.com").put("email_verified", true);
        assertThat(((AuthResult.Success) check(a, issuer.token("k1", c))).user().name()).isEqualTo("jane@example.com");
        c.put("email_verified", false);
        assertThat(((AuthResult.Failure) check(a, issuer.token("k1", c))).reason()).contains("email not verified");
    }

    @Test
    void rotatedKeysAreFetchedOnAnUnknownKid() {
        issuer.addKey("old", JwsAlgorithm.RS256);
        OidcAuthenticator a = authenticator(settings("sub", "-", List.of(JwsAlgorithm.RS256)), true, 0);
        assertThat(check(a, issuer.token("old", issuer.claims("k3j", "u")))).isInstanceOf(AuthResult.Success.class);
        int fetches = issuer.jwksFetches.get();
        issuer.addKey("new", JwsAlgorithm.RS256);
        issuer.removeKey("old");
        // The provider rotated after our fetch: the unknown kid makes k3j fetch the set again, at once.
        assertThat(check(a, issuer.token("new", issuer.claims("k3j", "u")))).isInstanceOf(AuthResult.Success.class);
        assertThat(issuer.jwksFetches.get()).isEqualTo(fetches + 1);
    }

    @Test
    void madeUpKidsDoNotMakeK3jHammerTheProvider() {
        issuer.addKey("k1", JwsAlgorithm.RS256);
        OidcAuthenticator a = authenticator(settings("sub", "-", List.of(JwsAlgorithm.RS256)), true, 3_600_000);
        assertThat(check(a, issuer.token("k1", issuer.claims("k3j", "u")))).isInstanceOf(AuthResult.Success.class);
        int fetches = issuer.jwksFetches.get();
        java.security.PrivateKey attacker = TestCerts.rsaKey().getPrivate();
        for (int i = 0; i < 20; i++) {
            String t = Jws.sign(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("kid", "bogus-" + i),
                    issuer.claims("k3j", "u"), JwsAlgorithm.RS256, attacker);
            AuthResult r = check(a, t);
            assertThat(((AuthResult.Failure) r).reason()).contains("no provider key matches");
        }
        assertThat(issuer.jwksFetches.get()).isEqualTo(fetches);
    }

    @Test
    void untrustedIssuerCertificateMeansNoKeysAndOtherIssuersAreNotOurs() {
        issuer.addKey("k1", JwsAlgorithm.RS256);
        OidcAuthenticator a = authenticator(settings("sub", "", List.of(JwsAlgorithm.RS256)), false);
        AuthResult r = check(a, issuer.token("k1", issuer.claims("k3j", "u")));
        assertThat(r).isInstanceOf(AuthResult.Failure.class);
        ObjectNode foreign = issuer.claims("k3j", "u").put("iss", "https://elsewhere.example.com");
        assertThat(check(a, issuer.token("k1", foreign))).isEqualTo(AuthResult.NONE);
    }

}
