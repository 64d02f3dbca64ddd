package io.k3j.api.proto;

/**
 * Why a request body could not be turned into JSON. The server answers with a Status carrying
 * {@link #httpStatus()}, {@link #reason()} and the message as is: the texts follow kube-apiserver's.
 */
public abstract sealed class ProtobufBodyException extends Exception
        permits ProtobufBodyException.UnsupportedMediaType, ProtobufBodyException.BadRequest {

    private ProtobufBodyException(String message) {
        super(message, null, false, false);
    }

    public abstract int httpStatus();

    /** The Status {@code reason}. */
    public abstract String reason();

    /** 415: the Content-Type is not one the endpoint decodes (protobuf for a custom resource, text/plain, …). */
    public static final class UnsupportedMediaType extends ProtobufBodyException {

        public UnsupportedMediaType(String message) {
            super(message);
        }

        @Override
        public int httpStatus() {
            return 415;
        }

        @Override
        public String reason() {
            return "UnsupportedMediaType";
        }
    }

    /**
     * 400: the body claims to be protobuf but is not a valid envelope, names a kind this server has no schema for,
     * is not the kind the endpoint takes, or its bytes do not decode.
     */
    public static final class BadRequest extends ProtobufBodyException {

        public BadRequest(String message) {
            super(message);
        }

        @Override
        public int httpStatus() {
            return 400;
        }

        @Override
        public String reason() {
            return "BadRequest";
        }
    }
}
