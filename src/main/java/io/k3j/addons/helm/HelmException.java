package io.k3j.addons.helm;

/** Helm refused or failed; the message is Helm's own error text, fit for a HelmChart's status. */
public final class HelmException extends Exception {

    public HelmException(String message, Throwable cause) {
        super(message, cause);
    }

    public HelmException(String message) {
        super(message);
    }
}
