package io.k3j.addons.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HelmChart {@code spec.set}, applied as K3s's helm-controller passes it to Helm: a number, or the string "true" or
 * "false", goes through {@code --set} (typed); any other string through {@code --set-string} (kept a string, commas
 * included). Keys are Helm key paths: {@code a.b.c}, {@code list[0].name}, {@code a\.b} for a dot inside a key.
 * Keys are applied in sorted order, as K3s sorts them.
 */
public final class SetValues {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SetValues() {
    }

    static void applyAll(ObjectNode values, Map<String, JsonNode> set) {
        for (Map.Entry<String, JsonNode> e : new TreeMap<>(set).entrySet()) {
            apply(values, e.getKey(), typed(e.getValue()));
        }
    }

    /** The value as Helm ends up holding it. */
    static JsonNode typed(JsonNode v) {
        if (v == null || v.isNull()) {
            return F.nullNode();
        }
        if (v.isNumber() || v.isBoolean()) {
            return v;
        }
        String s = v.asText();
        return switch (s) {
            case "true" -> F.booleanNode(true);
            case "false" -> F.booleanNode(false);
            default -> F.textNode(s);
        };
    }

    /** Sets {@code value} at the key path, creating maps and list entries on the way. */
    static void apply(ObjectNode root, String path, JsonNode value) {
        List<Object> steps = parse(path);
        JsonNode cur = root;
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            Object next = last ? null : steps.get(i + 1);
            if (step instanceof String key) {
                ObjectNode obj = (ObjectNode) cur;
                if (last) {
                    obj.set(key, value);
                    return;
                }
                JsonNode child = obj.get(key);
                if (next instanceof Integer ? child == null || !child.isArray() : child == null || !child.isObject()) {
                    child = next instanceof Integer ? F.arrayNode() : F.objectNode();
                    obj.set(key, child);
                }
                cur = child;
            } else {
                ArrayNode arr = (ArrayNode) cur;
                int idx = (Integer) step;
                while (arr.size() <= idx) {
                    arr.addNull();
                }
                if (last) {
                    arr.set(idx, value);
                    return;
                }
                JsonNode child = arr.get(idx);
                if (next instanceof Integer ? !child.isArray() : !child.isObject()) {
                    child = next instanceof Integer ? F.arrayNode() : F.objectNode();
                    arr.set(idx, child);
                }
                cur = child;
            }
        }
    }

    /** Splits a key path into map keys (String) and list indexes (Integer). */
    static List<Object> parse(String path) {
        List<Object> steps = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        boolean afterIndex = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length()) {
                key.append(path.charAt(++i));
            } else if (c == '.') {
                if (!afterIndex) {
                    steps.add(requireKey(key, path));
                }
                key.setLength(0);
                afterIndex = false;
            } else if (c == '[') {
                if (!afterIndex) {
                    steps.add(requireKey(key, path));
                }
                key.setLength(0);
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("set key \"" + path + "\": unclosed '['");
                }
                try {
                    int idx = Integer.parseInt(path.substring(i + 1, close));
                    if (idx < 0 || idx > 65536) {
                        throw new NumberFormatException();
                    }
                    steps.add(idx);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("set key \"" + path + "\": bad list index");
                }
                i = close;
                afterIndex = true;
            } else {
                if (afterIndex) {
                    throw new IllegalArgumentException("set key \"" + path + "\": expected '.' or '[' after ']'");
                }
                key.append(c);
            }
        }
        if (!afterIndex) {
            steps.add(requireKey(key, path));
        }
        return steps;
    }

    private static String requireKey(StringBuilder key, String path) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("set key \"" + path + "\": empty key");
        }
        return key.toString();
    }
}
