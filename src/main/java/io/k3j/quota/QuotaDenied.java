package io.k3j.quota;

/**
 * A request the quotas refuse; the message is upstream's reason text ("exceeded quota: ...", "failed quota: ...").
 * {@code forbidden} is false for the one refusal upstream reports as an internal error rather than a 403.
 */
public final class QuotaDenied extends RuntimeException {

    private final boolean forbidden;

    public QuotaDenied(String message, boolean forbidden) {
        super(message, null, false, false);
        this.forbidden = forbidden;
    }

    public boolean forbidden() {
        return forbidden;
    }
}
