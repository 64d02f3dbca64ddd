package io.k3j.agent.join;

import io.k3j.server.StartupException;

/** Joining failed; the message is the one line the user sees (it never holds the token). */
public final class JoinException extends StartupException {

    public JoinException(String message) {
        super(message);
    }

    public JoinException(String message, Throwable cause) {
        super(message, cause);
    }
}
