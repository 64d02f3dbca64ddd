package io.k3j.auth.authn;

import io.vertx.core.Future;

/** One way of recognising who sent a request (client certificate, bearer token, front proxy). */
@FunctionalInterface
public interface RequestAuthenticator {

    /** Never fails: problems are {@link AuthResult.Failure}s. May complete at once or later (lookups). */
    Future<AuthResult> authenticate(AuthRequest request);
}
