package io.k3j.auth.authn;

import io.k3j.auth.UserInfo;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Authorization} header: {@code Bearer <token>} goes to the token authenticators, {@code Basic}
 * to the K3s password users. Unlike upstream, which lets a header it cannot parse fall through to anonymous,
 * k3j answers 401 to any Authorization header it does not accept: credentials that were presented and are
 * not valid never become anonymous access.
 */
public final class BearerTokenAuthenticator implements RequestAuthenticator {

    private final TokenAuthenticator tokens;
    private final PasswordAuthenticator passwords;
    private final List<String> apiAudiences;

    public BearerTokenAuthenticator(TokenAuthenticator tokens, PasswordAuthenticator passwords, List<String> apiAudiences) {
        this.tokens = tokens;
        this.passwords = passwords;
        this.apiAudiences = List.copyOf(apiAudiences);
    }

    @Override
    public Future<AuthResult> authenticate(AuthRequest request) {
        List<String> values = request.headers().getAll("Authorization");
        if (values.isEmpty()) {
            return Future.succeededFuture(AuthResult.NONE);
        }
        if (values.size() > 1) {
            return fail("more than one Authorization header");
        }
        String value = values.getFirst().strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String credentials = space < 0 ? "" : value.substring(space + 1);
        if (scheme.equalsIgnoreCase("Bearer")) {
            if (credentials.isEmpty() || !printableWithoutSpaces(credentials)) {
                return fail("invalid bearer token");
            }
            return tokens.authenticateToken(credentials, apiAudiences).map(r ->
                    r instanceof AuthResult.None ? AuthResult.failure("invalid bearer token") : r);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return Future.succeededFuture(basic(credentials));
        }
        return fail("unsupported authorization scheme");
    }

    private AuthResult basic(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return AuthResult.failure("invalid basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return AuthResult.failure("invalid basic credentials");
        }
        Optional<UserInfo> user = passwords.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
        return user.<AuthResult>map(u -> new AuthResult.Success(u, apiAudiences))
                .orElseGet(() -> AuthResult.failure("invalid username or password"));
    }

    private static boolean printableWithoutSpaces(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static Future<AuthResult> fail(String reason) {
        return Future.succeededFuture(AuthResult.failure(reason));
    }
}
