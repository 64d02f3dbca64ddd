package io.k3j.api.selector;

/**
 * A label or field selector that cannot be parsed or is not supported for the kind.
 * The message is the upstream text verbatim; the API server answers it as a 400 BadRequest Status.
 */
public final class SelectorException extends IllegalArgumentException {

    public SelectorException(String message) {
        super(message);
    }

    /** HTTP status the server answers with. */
    public int code() {
        return 400;
    }
}
