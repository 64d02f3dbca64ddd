package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON Patch with the behaviour and error texts of the library kube-apiserver uses
 * (evanphx/json-patch v4), since clients see those texts. Where that library departs from the RFC we
 * follow the library and say so: negative array indices count from the end, {@code replace} of a missing
 * object member adds it, {@code test}/{@code copy} of a missing member treat it as null, and a patch
 * addressing the whole document ({@code ""}) is rejected.
 */
public final class JsonPatch {

    /** kube-apiserver's cap on operations per patch. */
    public static final int MAX_OPERATIONS = 10000;

    private JsonPatch() {
    }

    /**
     * Applies {@code patch} to a copy of {@code document}.
     *
     * @throws PatchException.Invalid if the patch is not a list of operation objects (400)
     * @throws PatchException.TooLarge above {@value #MAX_OPERATIONS} operations (413)
     * @throws PatchException.Unprocessable if an operation does not apply (422)
     */
    public static JsonNode apply(JsonNode document, JsonNode patch) {
        if (!patch.isArray()) {
            throw new PatchException.Invalid("json: cannot unmarshal " + goType(patch) + " into Go value of type jsonpatch.Patch");
        }
        if (patch.size() > MAX_OPERATIONS) {
            throw new PatchException.TooLarge("The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS
                    + ", got " + patch.size());
        }
        for (JsonNode op : patch) {
            if (!op.isObject() && !op.isNull()) {
                throw new PatchException.Invalid("json: cannot unmarshal " + goType(op)
                        + " into Go value of type jsonpatch.Operation");
            }
        }
        JsonNode doc = document.deepCopy();
        for (JsonNode op : patch) {
            String kind = op.path("op").isTextual() ? op.path("op").asText() : "unknown";
            try {
                switch (kind) {
                    case "add" -> add(doc, op);
                    case "remove" -> remove(doc, op);
                    case "replace" -> replace(doc, op);
                    case "move" -> move(doc, op);
                    case "test" -> test(doc, op);
                    case "copy" -> copy(doc, op);
                    default -> throw new OpError("Unexpected kind: " + kind);
                }
            } catch (OpError e) {
                throw new PatchException.Unprocessable(e.getMessage());
            }
        }
        return doc;
    }

    /** A failed operation; becomes the single cause of a 422. */
    private static final class OpError extends RuntimeException {
        OpError(String message) {
            super(message, null, false, false);
        }
    }

    private static final String MISSING = ": missing value";
    private static final String BAD_INDEX = ": invalid index referenced";

    private static void add(JsonNode doc, JsonNode op) {
        String path = path(op, "add operation failed to decode path" + MISSING);
        Target t = find(doc, path);
        if (t == null) {
            throw new OpError("add operation does not apply: doc is missing path: \"" + path + "\"" + MISSING);
        }
        addAt(t, value(op), "error in add for path: '" + path + "': ");
    }

    private static void remove(JsonNode doc, JsonNode op) {
        String path = path(op, "remove operation failed to decode path" + MISSING);
        Target t = find(doc, path);
        if (t == null) {
            throw new OpError("remove operation does not apply: doc is missing path: \"" + path + "\"" + MISSING);
        }
        removeAt(t, "error in remove for path: '" + path + "': ");
    }

    private static void replace(JsonNode doc, JsonNode op) {
        String path = path(op, "replace operation failed to decode path: operation missing path field" + MISSING);
        Target t = find(doc, path);
        if (t == null) {
            throw new OpError("replace operation does not apply: doc is missing path: " + path + MISSING);
        }
        if (t.container() instanceof ArrayNode array) {
            if (get(array, t.key()) == null) {
                throw new OpError("replace operation does not apply: doc is missing key: " + path + MISSING);
            }
            array.set(index(array, t.key(), false), value(op));
        } else {
            ((ObjectNode) t.container()).set(t.key(), value(op));
        }
    }

    private static void move(JsonNode doc, JsonNode op) {
        String from = from(op, "move operation failed to decode from: operation, missing from field" + MISSING);
        Target src = find(doc, from);
        if (src == null) {
            throw new OpError("move operation does not apply: doc is missing from path: " + from + MISSING);
        }
        JsonNode val = getOrFail(src, "error in move for path: '" + src.key() + "': ");
        removeAt(src, "error in move for path: '" + src.key() + "': ");
        String path = path(op, "move operation failed to decode path: operation missing path field" + MISSING);
        Target dst = find(doc, path);
        if (dst == null) {
            throw new OpError("move operation does not apply: doc is missing destination path: " + path + MISSING);
        }
        addAt(dst, val, "error in move for path: '" + path + "': ");
    }

    private static void test(JsonNode doc, JsonNode op) {
        String path = path(op, "test operation failed to decode path: operation missing path field" + MISSING);
        Target t = find(doc, path);
        if (t == null) {
            throw new OpError("test operation does not apply: is missing path: " + path + MISSING);
        }
        JsonNode actual = getOrFail(t, "error in test for path: '" + path + "': ");
        JsonNode expected = op.get("value");
        // a missing member and a JSON null are the same thing to the library: both test equal to null only
        boolean ok = actual == null || actual.isNull()
                ? expected != null && expected.isNull()
                : expected != null && JsonValues.same(expected, actual);
        if (!ok) {
            throw new OpError("testing value " + path + " failed: test failed");
        }
    }

    private static void copy(JsonNode doc, JsonNode op) {
        String from = from(op, "copy operation failed to decode from: operation, missing from field" + MISSING);
        Target src = find(doc, from);
        if (src == null) {
            throw new OpError("copy operation does not apply: doc is missing from path: " + from + MISSING);
        }
        JsonNode val = getOrFail(src, "error in copy for from: '" + from + "': ");
        String path = path(op, "copy operation failed to decode path" + MISSING);
        Target dst = find(doc, path);
        if (dst == null) {
            throw new OpError("copy operation does not apply: doc is missing destination path: " + path + MISSING);
        }
        addAt(dst, val == null ? JsonNodeFactory.instance.nullNode() : val.deepCopy(), "error while adding value during copy: ");
    }

    // ---- navigation ----

    /** The container holding the last reference token, and that token decoded. */
    private record Target(JsonNode container, String key) {
    }

    private static Target find(JsonNode doc, String path) {
        String[] split = path.split("/", -1);
        if (split.length < 2) {
            return null;
        }
        JsonNode cur = doc;
        for (int i = 1; i < split.length - 1; i++) {
            JsonNode next = cur.isArray() ? get((ArrayNode) cur, decode(split[i])) : cur.get(decode(split[i]));
            if (next == null || !(next.isObject() || next.isArray())) {
                return null;
            }
            cur = next;
        }
        return new Target(cur, decode(split[split.length - 1]));
    }

    /** RFC 6901: "~1" before "~0", so "~01" decodes to "~1". */
    private static String decode(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private static JsonNode get(ArrayNode array, String key) {
        try {
            return array.get(index(array, key, false));
        } catch (OpError e) {
            return null;
        }
    }

    private static JsonNode getOrFail(Target t, String prefix) {
        if (t.container() instanceof ArrayNode array) {
            try {
                return array.get(index(array, t.key(), false));
            } catch (OpError e) {
                throw new OpError(prefix + e.getMessage());
            }
        }
        return t.container().get(t.key());
    }

    private static void addAt(Target t, JsonNode value, String prefix) {
        if (t.container() instanceof ArrayNode array) {
            if (t.key().equals("-")) {
                array.add(value);
                return;
            }
            try {
                array.insert(index(array, t.key(), true), value);
            } catch (OpError e) {
                throw new OpError(prefix + e.getMessage());
            }
        } else {
            ((ObjectNode) t.container()).set(t.key(), value);
        }
    }

    private static void removeAt(Target t, String prefix) {
        if (t.container() instanceof ArrayNode array) {
            try {
                array.remove(index(array, t.key(), false));
            } catch (OpError e) {
                throw new OpError(prefix + e.getMessage());
            }
        } else if (((ObjectNode) t.container()).remove(t.key()) == null) {
            throw new OpError(prefix + "Unable to remove nonexistent key: " + t.key() + MISSING);
        }
    }

    /** An array index as the library reads it: Go Atoi syntax, negatives from the end, bounds per operation. */
    private static int index(ArrayNode array, String key, boolean forInsert) {
        int idx;
        try {
            idx = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            String atoi = "strconv.Atoi: parsing " + goQuote(key) + ": invalid syntax";
            throw new OpError(forInsert ? "value was not a proper array index: '" + key + "': " + atoi : atoi);
        }
        int size = array.size() + (forInsert ? 1 : 0);
        if (idx >= size || idx < -size) {
            throw new OpError("Unable to access invalid index: " + idx + BAD_INDEX);
        }
        return idx < 0 ? idx + size : idx;
    }

    private static String path(JsonNode op, String missingMessage) {
        JsonNode p = op.get("path");
        if (p == null || p.isNull()) {
            throw new OpError(missingMessage);
        }
        if (!p.isTextual()) {
            throw new OpError("json: cannot unmarshal " + goType(p) + " into Go value of type string");
        }
        return p.asText();
    }

    private static String from(JsonNode op, String missingMessage) {
        JsonNode f = op.get("from");
        if (f == null || f.isNull()) {
            throw new OpError(missingMessage);
        }
        return f.asText();
    }

    /** An absent "value" adds null, as the library does. */
    private static JsonNode value(JsonNode op) {
        JsonNode v = op.get("value");
        return v == null ? JsonNodeFactory.instance.nullNode() : v.deepCopy();
    }

    static String goType(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            default -> "null";
        };
    }

    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
