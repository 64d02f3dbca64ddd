package io.k3j.auth.authn;

import io.k3j.auth.UserInfo;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * The API server's authenticators in order (client certificate, Authorization header, front proxy). The
 * first to recognise the request decides; when none does, the request is anonymous if that is allowed. Any
 * credential that was presented and refused makes the request a 401, never anonymous, as upstream's
 * fail-on-error union. Every authenticated user gets system:authenticated.
 */
public final class AuthenticationChain {

    private final List<RequestAuthenticator> authenticators;
    private final boolean anonymous;

    public AuthenticationChain(List<RequestAuthenticator> authenticators, boolean anonymous) {
        this.authenticators = List.copyOf(authenticators);
        this.anonymous = anonymous;
    }

    /** A Success (perhaps anonymous) or a Failure; never a failed future. Completes at once when no lookup is needed. */
    public Future<AuthResult> authenticate(AuthRequest request) {
        return next(0, request, new ArrayList<>());
    }

    private Future<AuthResult> next(int i, AuthRequest request, List<String> reasons) {
        if (i == authenticators.size()) {
            return Future.succeededFuture(end(reasons));
        }
        return Guarded.call(() -> authenticators.get(i).authenticate(request)).compose(r -> switch (r) {
            case AuthResult.Success s -> Future.succeededFuture(
                    new AuthResult.Success(s.user().withAuthenticatedGroup(), s.audiences()));
            case AuthResult.Failure f -> {
                reasons.add(f.reason());
                yield next(i + 1, request, reasons);
            }
            case AuthResult.None n -> next(i + 1, request, reasons);
        });
    }

    private AuthResult end(List<String> reasons) {
        if (!reasons.isEmpty()) {
            return AuthResult.failure(String.join("; ", reasons));
        }
        if (!anonymous) {
            return AuthResult.failure("anonymous requests are disabled");
        }
        return new AuthResult.Success(UserInfo.anonymous(), List.of());
    }
}
