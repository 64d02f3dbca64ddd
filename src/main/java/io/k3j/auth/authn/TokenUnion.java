package io.k3j.auth.authn;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * Tries each token authenticator in order until one recognises the token, as upstream's token union does:
 * the first success wins; failures are collected so the caller can say why none accepted it.
 */
public final class TokenUnion implements TokenAuthenticator {

    private final List<TokenAuthenticator> authenticators;

    public TokenUnion(List<TokenAuthenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    /** Success, a Failure naming every reason, or NONE when no authenticator knew the token's kind. */
    @Override
    public Future<AuthResult> authenticateToken(String token, List<String> audiences) {
        return next(0, token, audiences, new ArrayList<>());
    }

    private Future<AuthResult> next(int i, String token, List<String> audiences, List<String> reasons) {
        if (i == authenticators.size()) {
            return Future.succeededFuture(reasons.isEmpty() ? AuthResult.NONE
                    : AuthResult.failure(String.join(", ", reasons)));
        }
        return Guarded.call(() -> authenticators.get(i).authenticateToken(token, audiences)).compose(r -> switch (r) {
            case AuthResult.Success s -> Future.succeededFuture(s);
            case AuthResult.Failure f -> {
                reasons.add(f.reason());
                yield next(i + 1, token, audiences, reasons);
            }
            case AuthResult.None n -> next(i + 1, token, audiences, reasons);
        });
    }
}
