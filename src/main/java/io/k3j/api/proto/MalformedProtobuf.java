package io.k3j.api.proto;

import java.io.IOException;

/** Wire bytes that do not decode; the message reads like gogo's ("proto: ...") so clients see familiar text. */
final class MalformedProtobuf extends IOException {

    MalformedProtobuf(String message) {
        super(message, null);
    }
}
