package io.k3j.api.proto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;

/**
 * A protobuf request body turned into the JSON object a JSON client would have sent.
 *
 * @param kind   the kind the envelope named, with empty parts filled from the endpoint's kind as upstream does
 * @param object the object, {@code apiVersion} and {@code kind} first; owned by the caller (mutable)
 */
public record DecodedBody(GroupVersionKind kind, ObjectNode object) {
}
