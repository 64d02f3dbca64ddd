package io.k3j.addons.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The objects in one manifest file: YAML documents split on {@code ---} lines as kubectl splits them, each parsed on
 * its own so one broken document does not hide the others; empty and comment-only documents skipped; {@code List}
 * kinds expanded. A {@code .json} file is one document.
 */
public final class ManifestDocuments {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestDocuments() {
    }

    /** An object and the (1-based) document it came from. */
    public record Doc(int number, ObjectNode object) {
    }

    /** A document that could not be used, by number, and why. */
    public record Failure(int number, String message) {
        @Override
        public String toString() {
            return "document " + number + ": " + message;
        }
    }

    /** Every usable object of the file and every document that failed. */
    public record Parsed(List<Doc> objects, List<Failure> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    public static Parsed parse(String fileName, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        List<String> docs = fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? List.of(text) : split(text);
        List<Doc> objects = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        int n = 0;
        for (String doc : docs) {
            n++;
            JsonNode node;
            try {
                node = (fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML).readTree(doc);
            } catch (IOException e) {
                failures.add(new Failure(n, firstLine(e.getMessage())));
                continue;
            }
            if (node == null || node.isNull() || node.isMissingNode()) {
                continue; // empty or comments only
            }
            String problem = expand(node, n, objects);
            if (problem != null) {
                failures.add(new Failure(n, problem));
            }
        }
        return new Parsed(objects, failures);
    }

    /** Adds the object (or a List's items, recursively) to {@code out}; returns what is wrong, or null. */
    private static String expand(JsonNode node, int n, List<Doc> out) {
        if (!node.isObject()) {
            return "not an object (a YAML mapping is expected)";
        }
        String kind = node.path("kind").asText("");
        String apiVersion = node.path("apiVersion").asText("");
        if (kind.isEmpty()) {
            return "Object 'Kind' is missing";
        }
        if (apiVersion.isEmpty()) {
            return "Object 'apiVersion' is missing";
        }
        if (kind.endsWith("List") && node.has("items")) {
            if (!node.get("items").isArray()) {
                return "items of " + kind + " is not a list";
            }
            List<Doc> items = new ArrayList<>();
            for (JsonNode item : node.get("items")) {
                String p = expand(item, n, items);
                if (p != null) {
                    return "item " + (items.size() + 1) + " of " + kind + ": " + p;
                }
            }
            out.addAll(items);
            return null;
        }
        if (node.path("metadata").path("name").asText("").isEmpty()) {
            return kind + " has no metadata.name";
        }
        out.add(new Doc(n, (ObjectNode) node));
        return null;
    }

    /**
     * Splits on lines that are "---" alone or followed by a comment, as kubectl's YAML reader does; a line with
     * anything else after the "---" is not a separator there either.
     */
    static List<String> split(String text) {
        List<String> docs = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("---")) {
                String rest = line.substring(3).strip();
                if (rest.isEmpty() || rest.startsWith("#")) {
                    docs.add(cur.toString());
                    cur.setLength(0);
                    continue;
                }
            }
            cur.append(line).append('\n');
        }
        docs.add(cur.toString());
        // A file that starts with "---" has no document before it, as far as anyone counting is concerned.
        if (!docs.isEmpty() && docs.get(0).isBlank() && docs.size() > 1) {
            docs.remove(0);
        }
        return docs;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid YAML";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
