package io.k3j.auth.authn;

import io.k3j.auth.UserInfo;

import java.util.List;

/**
 * What one authenticator makes of a request or token: not its kind of credential ({@link None}), a user
 * ({@link Success}), or credentials of its kind that are not valid ({@link Failure}: the request gets 401).
 */
public sealed interface AuthResult {

    AuthResult NONE = new None();

    record None() implements AuthResult {
    }

    /** @param audiences the audiences the credential is valid for, of those asked for (TokenReview reports them) */
    record Success(UserInfo user, List<String> audiences) implements AuthResult {
        public Success {
            audiences = List.copyOf(audiences);
        }
    }

    /** @param reason for logs at debug level and TokenReview's status.error; never contains the secret */
    record Failure(String reason) implements AuthResult {
    }

    static AuthResult failure(String reason) {
        return new Failure(reason);
    }
}
