package io.k3j.api.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test helper: JSON text in, nodes out (single quotes allowed to keep tables readable). */
final class Json {

    private static final ObjectMapper M = new ObjectMapper()
            .configure(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_SINGLE_QUOTES, true);

    private Json() {
    }

    static JsonNode j(String text) {
        try {
            return M.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static ObjectNode o(String text) {
        return (ObjectNode) j(text);
    }
}
