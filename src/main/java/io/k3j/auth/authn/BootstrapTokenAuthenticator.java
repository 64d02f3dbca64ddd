package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.UserInfo;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bootstrap tokens ({@code k3s token create}): {@code <id>.<secret>} checked against the kube-system Secret
 * {@code bootstrap-token-<id>} of type {@code bootstrap.kubernetes.io/token}, as upstream's bootstrap
 * authenticator. The user is {@code system:bootstrap:<id>}, in {@code system:bootstrappers} plus the
 * Secret's {@code auth-extra-groups}.
 */
public final class BootstrapTokenAuthenticator implements TokenAuthenticator {

    static final Pattern TOKEN = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");
    private static final Pattern EXTRA_GROUP = Pattern.compile("system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]");
    static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";
    static final String DEFAULT_GROUP = "system:bootstrappers";

    private final ObjectLookup lookup;
    private final Clock clock;

    public BootstrapTokenAuthenticator(ObjectLookup lookup, Clock clock) {
        this.lookup = lookup;
        this.clock = clock;
    }

    @Override
    public Future<AuthResult> authenticateToken(String token, List<String> audiences) {
        var m = TOKEN.matcher(token);
        if (!m.matches()) {
            return Future.succeededFuture(AuthResult.NONE);
        }
        String id = m.group(1);
        String secret = m.group(2);
        return lookup.get("secrets", "kube-system", "bootstrap-token-" + id).map(s -> check(s, id, secret, audiences));
    }

    private AuthResult check(ObjectNode s, String id, String secret, List<String> audiences) {
        if (s == null) {
            return AuthResult.failure("bootstrap token " + id + " not found");
        }
        if (SecretData.deleting(s)) {
            return AuthResult.failure("bootstrap token " + id + " is being deleted");
        }
        if (!SECRET_TYPE.equals(s.path("type").asText(""))) {
            return AuthResult.failure("bootstrap token " + id + " has the wrong secret type");
        }
        byte[] stored = SecretData.bytes(s, "token-secret");
        if (stored == null || !MessageDigest.isEqual(stored, secret.getBytes(StandardCharsets.UTF_8))
                || !id.equals(SecretData.string(s, "token-id"))) {
            return AuthResult.failure("bootstrap token " + id + " is invalid");
        }
        String expiration = SecretData.string(s, "expiration");
        if (!expiration.isEmpty()) {
            try {
                if (!clock.instant().isBefore(Instant.parse(expiration))) {
                    return AuthResult.failure("bootstrap token " + id + " has expired");
                }
            } catch (DateTimeParseException e) {
                return AuthResult.failure("bootstrap token " + id + " has an invalid expiration");
            }
        }
        if (!"true".equals(SecretData.string(s, "usage-bootstrap-authentication"))) {
            return AuthResult.failure("bootstrap token " + id + " may not be used for authentication");
        }
        List<String> groups = new ArrayList<>(List.of(DEFAULT_GROUP));
        String extra = SecretData.string(s, "auth-extra-groups");
        if (!extra.isEmpty()) {
            for (String g : extra.split(",")) {
                if (!EXTRA_GROUP.matcher(g).matches()) {
                    return AuthResult.failure("bootstrap token " + id + " has an invalid extra group");
                }
                if (!groups.contains(g)) {
                    groups.add(g);
                }
            }
        }
        return new AuthResult.Success(new UserInfo("system:bootstrap:" + id, "", groups, Map.of()), audiences);
    }
}
