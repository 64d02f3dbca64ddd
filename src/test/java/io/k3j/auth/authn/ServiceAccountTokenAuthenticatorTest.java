package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.UserInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceAccountTokenAuthenticatorTest {

    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final List<String> API_AUDS = List.of(ISSUER, "k3s");
    private static final KeyPair KEY = TestCerts.rsaKey();
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    private final FakeLookup lookup = new FakeLookup();
    private final ObjectNode sa = lookup.put("serviceaccounts", "team", "builder");
    private final ServiceAccountKeys keys = ServiceAccountKeys.of(KEY);

    private ServiceAccountTokenIssuer issuerAt(Instant t) {
        return new ServiceAccountTokenIssuer(keys, ISSUER, Clock.fixed(t, ZoneOffset.UTC));
    }

    private ServiceAccountTokenAuthenticator authenticatorAt(Instant t) {
        return new ServiceAccountTokenAuthenticator(ISSUER, List.of(KEY.getPublic()), lookup, Clock.fixed(t, ZoneOffset.UTC), API_AUDS);
    }

    private String token(List<String> auds, long seconds, BoundObject pod, BoundObject secret) {
        return issuerAt(T0).issue(new ServiceAccountTokenIssuer.Request("team",
                new BoundObject("builder", FakeLookup.uid(sa)), auds, seconds, pod, secret, null)).token();
    }

    private AuthResult check(String token, Instant at) {
        return authenticatorAt(at).authenticateToken(token, API_AUDS).result();
    }

    @Test
    void validBoundTokenIsTheServiceAccount() {
        AuthResult r = check(token(API_AUDS, 3600, null, null), T0.plusSeconds(10));
        assertThat(r).isInstanceOf(AuthResult.Success.class);
        UserInfo u = ((AuthResult.Success) r).user();
        assertThat(u.name()).isEqualTo("system:serviceaccount:team:builder");
        assertThat(u.uid()).isEqualTo(FakeLookup.uid(sa));
        assertThat(u.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:team");
        assertThat(u.extra()).containsOnlyKeys("authentication.kubernetes.io/credential-id");
        assertThat(u.extra().get("authentication.kubernetes.io/credential-id").getFirst()).startsWith("JTI=");
        assertThat(((AuthResult.Success) r).audiences()).containsExactly(ISSUER, "k3s");
    }

    @Test
    void tokenClaimsLookLikeKubeApiservers() throws Exception {
        Jws jws = Jws.parse(token(API_AUDS, 3600, null, null));
        assertThat(jws.header().path("kid").asText()).isEqualTo(keys.keyId());
        assertThat(jws.claims().path("iss").asText()).isEqualTo(ISSUER);
        assertThat(jws.claims().path("sub").asText()).isEqualTo("system:serviceaccount:team:builder");
        assertThat(jws.claims().path("exp").asLong() - jws.claims().path("iat").asLong()).isEqualTo(3600);
        assertThat(jws.claims().path("kubernetes.io").path("serviceaccount").path("uid").asText()).isEqualTo(FakeLookup.uid(sa));
    }

    @Test
    void expiredAndNotYetValidTokensAreRejected() {
        String t = token(API_AUDS, 600, null, null);
        assertThat(check(t, T0.plusSeconds(600 + 59))).as("within go-jose's leeway").isInstanceOf(AuthResult.Success.class);
        assertThat(check(t, T0.plusSeconds(600 + 61))).isEqualTo(new AuthResult.Failure("token has expired"));
        assertThat(check(t, T0.minusSeconds(120))).isEqualTo(new AuthResult.Failure("token is not valid yet"));
    }

    @Test
    void audienceMustMatch() {
        String t = token(List.of("vault"), 3600, null, null);
        assertThat(check(t, T0)).isInstanceOf(AuthResult.Failure.class);
        AuthResult forVault = authenticatorAt(T0).authenticateToken(t, List.of("vault")).result();
        assertThat(forVault).isInstanceOf(AuthResult.Success.class);
        assertThat(((AuthResult.Success) forVault).audiences()).containsExactly("vault");
    }

    @Test
    void forgedSignatureAndAlgNoneAreRejected() throws Exception {
        String good = token(API_AUDS, 3600, null, null);
        String[] p = good.split("\\.");
        ObjectNode claims = Jws.parse(good).claims();
        claims.put("sub", "system:serviceaccount:kube-system:admin");
        String payload = Jws.encode(claims.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(check(p[0] + "." + payload + "." + p[2], T0)).isEqualTo(new AuthResult.Failure("invalid signature"));

        String none = Jws.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + p[1] + ".";
        assertThat(check(none, T0)).isInstanceOf(AuthResult.Failure.class);
        assertThat(((AuthResult.Failure) check(none, T0)).reason()).contains("unsupported signing algorithm");

        String otherKey = new ServiceAccountTokenIssuer(ServiceAccountKeys.of(TestCerts.rsaKey()), ISSUER,
                Clock.fixed(T0, ZoneOffset.UTC)).issue(new ServiceAccountTokenIssuer.Request("team",
                new BoundObject("builder", FakeLookup.uid(sa)), API_AUDS, 3600, null, null, null)).token();
        assertThat(check(otherKey, T0)).isEqualTo(new AuthResult.Failure("invalid signature"));

        // ES256 with our issuer: refused by algorithm even if it verifies under its own key.
        String es = Jws.sign(JsonNodeFactory.instance.objectNode(), claims, JwsAlgorithm.ES256, TestCerts.ecKey().getPrivate());
        assertThat(((AuthResult.Failure) check(es, T0)).reason()).contains("unsupported signing algorithm");
        assertThat(lookup.lookups).as("nothing is looked up for a bad token").isZero();
    }

    @Test
    void tokensOfOtherIssuersAreNotOurs() {
        String foreign = new ServiceAccountTokenIssuer(keys, "https://accounts.example.com", Clock.fixed(T0, ZoneOffset.UTC))
                .issue(new ServiceAccountTokenIssuer.Request("team", new BoundObject("builder", FakeLookup.uid(sa)),
                        API_AUDS, 3600, null, null, null)).token();
        assertThat(check(foreign, T0)).isEqualTo(AuthResult.NONE);
        assertThat(check("not-a-jwt", T0)).isEqualTo(AuthResult.NONE);
        assertThat(check("a.b.c", T0)).isEqualTo(AuthResult.NONE);
    }

    @Test
    void deletedOrRecreatedServiceAccountRevokesTheToken() {
        String t = token(API_AUDS, 3600, null, null);
        lookup.remove("serviceaccounts", "team", "builder");
        assertThat(check(t, T0)).isEqualTo(new AuthResult.Failure("service account token has been invalidated"));
        lookup.put("serviceaccounts", "team", "builder"); // same name, new uid
        assertThat(((AuthResult.Failure) check(t, T0)).reason()).contains("service account UID").contains("does not match claim");
    }

    @Test
    void podBoundTokenCarriesThePodAndDiesWithIt() {
        ObjectNode pod = lookup.put("pods", "team", "web-1");
        String t = token(API_AUDS, 3600, new BoundObject("web-1", FakeLookup.uid(pod)), null);
        AuthResult ok = check(t, T0);
        assertThat(((AuthResult.Success) ok).user().extra())
                .containsEntry("authentication.kubernetes.io/pod-name", List.of("web-1"))
                .containsEntry("authentication.kubernetes.io/pod-uid", List.of(FakeLookup.uid(pod)));

        // Graceful deletion: the pod's token keeps working until the deletion timestamp passes.
        ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", T0.plusSeconds(30).toString());
        assertThat(check(t, T0)).isInstanceOf(AuthResult.Success.class);
        assertThat(check(t, T0.plusSeconds(31))).isEqualTo(new AuthResult.Failure("service account token has been invalidated"));

        lookup.remove("pods", "team", "web-1");
        assertThat(check(t, T0)).isEqualTo(new AuthResult.Failure("service account token has been invalidated"));
        lookup.put("pods", "team", "web-1");
        assertThat(((AuthResult.Failure) check(t, T0)).reason()).startsWith("pod UID");
    }

    @Test
    void secretBoundTokenDiesWithTheSecret() {
        ObjectNode secret = lookup.put("secrets", "team", "ci-token");
        String t = token(API_AUDS, 3600, null, new BoundObject("ci-token", FakeLookup.uid(secret)));
        assertThat(check(t, T0)).isInstanceOf(AuthResult.Success.class);
        lookup.remove("secrets", "team", "ci-token");
        assertThat(check(t, T0)).isInstanceOf(AuthResult.Failure.class);
    }

    @Test
    void legacySecretTokensAreCheckedAgainstTheirSecret() {
        ObjectNode claims = JsonNodeFactory.instance.objectNode()
                .put("iss", "kubernetes/serviceaccount")
                .put("kubernetes.io/serviceaccount/namespace", "team")
                .put("kubernetes.io/serviceaccount/secret.name", "builder-token")
                .put("kubernetes.io/serviceaccount/service-account.name", "builder")
                .put("kubernetes.io/serviceaccount/service-account.uid", FakeLookup.uid(sa))
                .put("sub", "system:serviceaccount:team:builder");
        String t = Jws.sign(JsonNodeFactory.instance.objectNode(), claims, JwsAlgorithm.RS256, KEY.getPrivate());
        assertThat(check(t, T0)).isEqualTo(new AuthResult.Failure("token has been invalidated"));

        ObjectNode secret = lookup.put("secrets", "team", "builder-token");
        secret.put("type", "kubernetes.io/service-account-token");
        secret.putObject("data").put("token", Base64.getEncoder().encodeToString("something else".getBytes()));
        assertThat(check(t, T0)).isEqualTo(new AuthResult.Failure("token does not match secret"));

        ((ObjectNode) secret.get("data")).put("token", Base64.getEncoder().encodeToString(t.getBytes()));
        AuthResult ok = check(t, T0.plusSeconds(86400 * 400)); // legacy tokens do not expire
        assertThat(((AuthResult.Success) ok).user().name()).isEqualTo("system:serviceaccount:team:builder");
        assertThat(((AuthResult.Success) ok).audiences()).containsExactly(ISSUER, "k3s");

        ((ObjectNode) secret.get("metadata")).putObject("labels").put("kubernetes.io/legacy-token-invalid-since", "2026-01-01");
        assertThat(check(t, T0)).isEqualTo(new AuthResult.Failure("token has been invalidated"));
        ((ObjectNode) secret.get("metadata")).remove("labels");

        lookup.remove("serviceaccounts", "team", "builder");
        assertThat(check(t, T0)).isEqualTo(new AuthResult.Failure("serviceaccounts \"builder\" not found"));
    }
}
