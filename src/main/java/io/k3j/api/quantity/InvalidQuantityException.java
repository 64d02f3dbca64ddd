package io.k3j.api.quantity;

/** Text that is not a resource quantity; the message is apimachinery's error text for it. */
public final class InvalidQuantityException extends IllegalArgumentException {

    static final String FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    static final String SUFFIX = "unable to parse quantity's suffix";
    static final String NUMERIC = "unable to parse numeric part of quantity";

    InvalidQuantityException(String message) {
        super(message);
    }
}
