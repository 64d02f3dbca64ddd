package io.k3j.addons.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;

/** Values YAML in and out. */
final class ValuesYaml {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private ValuesYaml() {
    }

    /** Parses a values document; blank or comment-only text is no values (null). */
    static JsonNode parseMapping(String yaml, String what) {
        if (yaml == null || yaml.isBlank()) {
            return null;
        }
        JsonNode n;
        try {
            n = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(what + " must be a map of values");
        }
        return n;
    }

    /**
     * A values file. It is written as JSON, which Helm reads as YAML: every string stays quoted, so "true" or
     * "0123" never turn into a boolean or a number on the way.
     */
    static String write(ObjectNode values) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(values) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write values", e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
