package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.UserInfo;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OIDC ID tokens from the provider at {@code oidc-issuer-url} for {@code oidc-client-id}, as kube-apiserver's
 * --oidc-* flags define them: the signature with the provider's keys (the algorithms of
 * {@code oidc-signing-algs}, RS256 by default), exp (required) and nbf, the audience, then the username claim
 * (prefixed as upstream) and the groups claim (a string or a list). Tokens of other issuers are not ours.
 */
public final class OidcAuthenticator implements TokenAuthenticator {

    private final OidcSettings settings;
    private final OidcKeys keys;
    private final Clock clock;

    public OidcAuthenticator(OidcSettings settings, OidcKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Future<AuthResult> authenticateToken(String token, List<String> audiences) {
        if (!Jws.looksLikeJwt(token) || !settings.issuerUrl().equals(ServiceAccountTokenAuthenticator.unverifiedIssuer(token))) {
            return Future.succeededFuture(AuthResult.NONE);
        }
        Jws jws;
        try {
            jws = Jws.parse(token);
        } catch (JwtException e) {
            return fail(e.getMessage());
        }
        if (!settings.signingAlgorithms().contains(jws.algorithm())) {
            return fail("unsupported signing algorithm \"" + jws.algorithm() + "\" (oidc-signing-algs)");
        }
        return keys.current().compose(set -> {
            if (!set.candidates(jws.keyId(), jws.algorithm()).isEmpty()) {
                return Future.succeededFuture(set);
            }
            return keys.refreshIfStale(); // the provider may have rotated to a key we have not seen
        }).map(set -> check(jws, set, audiences)).otherwise(e -> AuthResult.failure(String.valueOf(e.getMessage())));
    }

    private AuthResult check(Jws jws, JwkSet set, List<String> audiences) {
        List<JwkSet.Key> candidates = set.candidates(jws.keyId(), jws.algorithm());
        if (candidates.isEmpty()) {
            return AuthResult.failure("oidc: no provider key matches the token's key id");
        }
        if (candidates.stream().noneMatch(k -> jws.verify(k.publicKey()))) {
            return AuthResult.failure("oidc: invalid signature");
        }
        ObjectNode c = jws.claims();
        try {
            JwtClaims.checkTimes(c, clock.instant(), true);
            if (!JwtClaims.audiences(c).contains(settings.clientId())) {
                return AuthResult.failure("oidc: expected audience \"" + settings.clientId() + "\" got "
                        + JwtClaims.audiences(c));
            }
        } catch (JwtException e) {
            return AuthResult.failure("oidc: " + e.getMessage());
        }
        JsonNode username = c.get(settings.usernameClaim());
        if (username == null || !username.isTextual() || username.asText().isEmpty()) {
            return AuthResult.failure("oidc: parse username claims \"" + settings.usernameClaim() + "\": claim not present");
        }
        if (settings.usernameClaim().equals("email") && c.has("email_verified")) {
            JsonNode v = c.get("email_verified");
            if (!v.isBoolean() || !v.asBoolean()) {
                return AuthResult.failure("oidc: email not verified");
            }
        }
        List<String> groups = new ArrayList<>();
        if (!settings.groupsClaim().isEmpty() && c.has(settings.groupsClaim())) {
            JsonNode g = c.get(settings.groupsClaim());
            if (g.isTextual()) {
                groups.add(settings.groupsPrefix() + g.asText());
            } else if (g.isArray()) {
                for (JsonNode one : g) {
                    if (!one.isTextual()) {
                        return AuthResult.failure("oidc: parse groups claim \"" + settings.groupsClaim() + "\": not a list of strings");
                    }
                    groups.add(settings.groupsPrefix() + one.asText());
                }
            } else {
                return AuthResult.failure("oidc: parse groups claim \"" + settings.groupsClaim() + "\": not a string or list");
            }
        }
        String name = settings.effectiveUsernamePrefix() + username.asText();
        return new AuthResult.Success(new UserInfo(name, "", groups, Map.of()), audiences);
    }

    private static Future<AuthResult> fail(String reason) {
        return Future.succeededFuture(AuthResult.failure("oidc: " + reason));
    }
}
