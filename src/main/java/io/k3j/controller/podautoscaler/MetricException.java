package io.k3j.controller.podautoscaler;

/** A metric could not be read or used; the message is upstream's text, wrapped by each layer as upstream does. */
public final class MetricException extends RuntimeException {

    public MetricException(String message) {
        super(message, null, false, false);
    }
}
