package io.k3j.server;

/** A start-up failure whose message is fit to show the user as the one line of the error. */
public class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
