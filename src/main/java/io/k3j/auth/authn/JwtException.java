package io.k3j.auth.authn;

/** A token that is not a valid JWT for us; the message is safe to show (it never echoes the token). */
public final class JwtException extends Exception {
    public JwtException(String message) {
        super(message, null, false, false); // thrown per bad request: skip the stack trace
    }
}
