package io.k3j.auth;

/** Credentials were presented and are not valid: the request gets 401, never anonymous access. */
public final class AuthenticationException extends Exception {
    public AuthenticationException(String message) {
        super(message, null, false, false); // thrown per bad request: skip the stack trace
    }
}
