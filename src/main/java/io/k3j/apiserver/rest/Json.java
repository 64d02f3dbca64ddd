package io.k3j.apiserver.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;

/** JSON and YAML (de)serialisation of API objects as Jackson trees. */
public final class Json {

    /** Deeply nested bodies are an attack, not an object: upstream caps nesting too. */
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(100).build();

    /** Compact trees: the watch cache holds every object of the cluster as one (see CompactNodes). */
    public static final ObjectMapper MAPPER = io.k3j.api.json.CompactNodes.mapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static {
        MAPPER.getFactory().setStreamReadConstraints(LIMITS);
        YAML.getFactory().setStreamReadConstraints(LIMITS);
    }

    private Json() {
    }

    public static ObjectNode parseObject(byte[] bytes) {
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw ApiError.badRequest("the request body must be a JSON object");
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw ApiError.badRequest("error decoding JSON: " + firstLine(e));
        }
    }

    /** Decodes a request body by its Content-Type (JSON, YAML); other types are 415. */
    public static ObjectNode parseBody(byte[] bytes, String contentType) {
        String ct = contentType == null ? "application/json" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (ct.startsWith("application/json") || ct.isEmpty() || ct.startsWith("*/*")) {
            return parseObject(bytes);
        }
        if (ct.startsWith("application/yaml") || ct.startsWith("application/x-yaml") || ct.startsWith("text/yaml")) {
            try {
                JsonNode n = YAML.readTree(bytes);
                if (n == null || !n.isObject()) {
                    throw ApiError.badRequest("the request body must be a YAML mapping");
                }
                return (ObjectNode) n;
            } catch (IOException e) {
                throw ApiError.badRequest("error decoding YAML: " + firstLine(e));
            }
        }
        throw ApiError.unsupportedMediaType(contentType);
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    /** Parses a stored object: the store only holds JSON this server wrote. */
    public static ObjectNode stored(byte[] bytes) {
        try {
            return (ObjectNode) MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw ApiError.internal("stored object is not valid JSON");
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
