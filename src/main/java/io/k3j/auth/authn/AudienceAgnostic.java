package io.k3j.auth.authn;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a token authenticator whose tokens name no audience (static file, join and bootstrap tokens, OIDC ID
 * tokens for the API server's client id): they are good for the API server's own audiences only, so a
 * TokenReview asking for other audiences does not accept them, as upstream's audience-agnostic wrapper.
 */
public final class AudienceAgnostic implements TokenAuthenticator {

    private final TokenAuthenticator delegate;
    private final List<String> apiAudiences;

    public AudienceAgnostic(TokenAuthenticator delegate, List<String> apiAudiences) {
        this.delegate = delegate;
        this.apiAudiences = List.copyOf(apiAudiences);
    }

    @Override
    public Future<AuthResult> authenticateToken(String token, List<String> audiences) {
        List<String> granted = new ArrayList<>();
        for (String a : audiences.isEmpty() ? apiAudiences : audiences) {
            if (apiAudiences.contains(a)) {
                granted.add(a);
            }
        }
        if (granted.isEmpty() && !apiAudiences.isEmpty()) {
            return Future.succeededFuture(AuthResult.NONE);
        }
        return delegate.authenticateToken(token, granted);
    }
}
