package io.k3j.auth.authn;

import io.k3j.auth.UserInfo;
import io.k3j.pki.ClusterToken;
import io.k3j.pki.Tokens;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * K3s's join tokens, as the users of {@code server/cred/passwd}: the server token authenticates as user
 * {@code server} (group {@code k3s:server}), the agent token as {@code node} (group {@code k3s:agent}). Agents
 * send them as HTTP Basic {@code node:<password>}; as a bearer token k3j also takes the full
 * {@code K10<ca-hash>::<user>:<password>} form (the hash must be this cluster's CA) and the short forms
 * {@code <user>:<password>} and {@code <password>}.
 */
public final class ClusterTokenAuthenticator implements TokenAuthenticator, PasswordAuthenticator {

    /** The passwd file's group names are K3s's, kept as they are so K3s tooling and docs carry over. */
    static final UserInfo SERVER = new UserInfo("server", "server", List.of("k3s:server"), Map.of());
    static final UserInfo NODE = new UserInfo("node", "node", List.of("k3s:agent"), Map.of());

    private final String caHash;
    private final byte[] serverPassword;
    private final byte[] agentPassword;

    public ClusterTokenAuthenticator(Tokens tokens) {
        this.caHash = tokens.server().caHash();
        this.serverPassword = bytes(tokens.server().password());
        this.agentPassword = bytes(tokens.agent().password());
    }

    @Override
    public Future<AuthResult> authenticateToken(String token, List<String> audiences) {
        ClusterToken t;
        try {
            t = ClusterToken.parse(token);
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(token.startsWith("K10") ? AuthResult.failure("malformed join token") : AuthResult.NONE);
        }
        if (t.isSecure() && !MessageDigest.isEqual(bytes(t.caHash()), bytes(caHash))) {
            return Future.succeededFuture(AuthResult.failure("join token is for a different cluster CA"));
        }
        Optional<UserInfo> user = t.username().isEmpty() ? anyUser(t.password()) : authenticate(t.username(), t.password());
        if (user.isPresent()) {
            return Future.succeededFuture(new AuthResult.Success(user.get(), audiences));
        }
        // A K10 token is unmistakably a join token: a wrong password in one is a failure, not someone else's token.
        return Future.succeededFuture(t.isSecure() ? AuthResult.failure("invalid join token") : AuthResult.NONE);
    }

    @Override
    public Optional<UserInfo> authenticate(String username, String password) {
        byte[] given = bytes(password);
        return switch (username) {
            case "server" -> MessageDigest.isEqual(given, serverPassword) ? Optional.of(SERVER) : Optional.empty();
            case "node" -> MessageDigest.isEqual(given, agentPassword) ? Optional.of(NODE) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** A bare password: the server user first (the server and agent passwords are the same unless --agent-token). */
    private Optional<UserInfo> anyUser(String password) {
        return authenticate("server", password).or(() -> authenticate("node", password));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
