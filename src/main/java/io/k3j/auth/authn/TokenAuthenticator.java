package io.k3j.auth.authn;

import io.vertx.core.Future;

import java.util.List;

/**
 * One kind of bearer token (static file, K3s join token, bootstrap token, ServiceAccount JWT, OIDC ID token).
 * A token of another kind is {@link AuthResult#NONE}, so the next authenticator may try it.
 */
@FunctionalInterface
public interface TokenAuthenticator {

    /**
     * @param audiences the audiences the caller accepts (the API server's own for requests, a TokenReview's
     *                  spec.audiences otherwise); a token must be valid for at least one of them
     */
    Future<AuthResult> authenticateToken(String token, List<String> audiences);
}
