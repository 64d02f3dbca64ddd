package io.k3j.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a K3s-style config file and its drop-in directory (`config.yaml` then
 * `config.yaml.d/*.yaml` in name order). Keys are long flag names; lists are repeatable flags.
 * Across files the last value wins, except that a key written `name+` appends to what earlier
 * files gave, as K3s does.
 */
public final class ConfigFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigFiles() {
    }

    /**
     * @param file     the main config file
     * @param explicit whether the user named the file (then it must exist)
     * @return option name (without dashes) to its values, in first-seen order
     */
    public static Map<String, List<String>> load(Path file, boolean explicit) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        if (Files.exists(file)) {
            mergeFile(file, merged);
        } else if (explicit) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        }
        Path dropIns = file.resolveSibling(file.getFileName() + ".d");
        if (Files.isDirectory(dropIns)) {
            try (Stream<Path> s = Files.list(dropIns)) {
                s.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.endsWith(".yaml") || n.endsWith(".yml");
                }).sorted().forEach(p -> mergeFile(p, merged));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + dropIns + ": " + e.getMessage());
            }
        }
        return merged;
    }

    private static void mergeFile(Path file, Map<String, List<String>> into) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("config file " + file + " is not valid YAML: " + msg);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return; // an empty file is allowed
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("config file " + file + " must be a YAML mapping of flag names to values");
        }
        root.fields().forEachRemaining(e -> {
            boolean append = e.getKey().endsWith("+");
            String key = append ? e.getKey().substring(0, e.getKey().length() - 1) : e.getKey();
            List<String> values = values(file, key, e.getValue());
            if (append) {
                into.computeIfAbsent(key, k -> new ArrayList<>()).addAll(values);
            } else {
                into.put(key, new ArrayList<>(values));
            }
        });
    }

    private static List<String> values(Path file, String key, JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                out.add(scalar(file, key, n));
            }
        } else {
            out.add(scalar(file, key, node));
        }
        return out;
    }

    private static String scalar(Path file, String key, JsonNode n) {
        if (n.isContainerNode()) {
            throw new IllegalArgumentException("config file " + file + ": value of \"" + key + "\" must be a scalar or a list of scalars");
        }
        return n.asText();
    }
}
