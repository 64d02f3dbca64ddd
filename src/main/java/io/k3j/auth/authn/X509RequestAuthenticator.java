package io.k3j.auth.authn;

import io.k3j.auth.AuthenticationException;
import io.k3j.auth.X509Authenticator;
import io.vertx.core.Future;

import java.util.List;

/** The client certificate, checked against the client CA: CN is the user, each O a group. */
public final class X509RequestAuthenticator implements RequestAuthenticator {

    private final X509Authenticator x509;
    private final List<String> apiAudiences;

    public X509RequestAuthenticator(X509Authenticator x509, List<String> apiAudiences) {
        this.x509 = x509;
        this.apiAudiences = List.copyOf(apiAudiences);
    }

    @Override
    public Future<AuthResult> authenticate(AuthRequest request) {
        if (request.peerCertificates().isEmpty()) {
            return Future.succeededFuture(AuthResult.NONE);
        }
        try {
            return Future.succeededFuture(new AuthResult.Success(x509.authenticate(request.peerCertificates()), apiAudiences));
        } catch (AuthenticationException e) {
            return Future.succeededFuture(AuthResult.failure("x509: " + e.getMessage()));
        }
    }
}
