package io.k3j.bootstrap;

/** The cluster's bootstrap data cannot be used by this server; the message says why and what to do. */
public final class BootstrapException extends Exception {
    public BootstrapException(String message) {
        super(message);
    }
}
