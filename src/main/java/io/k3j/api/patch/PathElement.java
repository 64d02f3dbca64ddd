package io.k3j.api.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a field path as server-side apply names it: a struct/map field, a list-map item by its key
 * fields, a set element by value, or a list position. Ordering matches upstream's (fields, then keys, then
 * values, then indices) because managedFields serialise children in that order.
 */
public sealed interface PathElement extends Comparable<PathElement> {

    ObjectMapper JSON = new ObjectMapper();

    /** The fieldsV1 key: {@code f:name}, {@code k:{...}}, {@code v:...}, {@code i:0}. */
    String encode();

    record Field(String name) implements PathElement {
        @Override
        public String encode() {
            return "f:" + name;
        }

        @Override
        public String toString() {
            return "." + name;
        }
    }

    /** A list-map item; fields are kept sorted by name, as upstream's key field lists are. */
    record Key(TreeMap<String, JsonNode> fields) implements PathElement {
        public Key {
            TreeMap<String, JsonNode> canonical = new TreeMap<>();
            fields.forEach((k, v) -> canonical.put(k, JsonValues.canonical(v)));
            fields = canonical;
        }

        @Override
        public String encode() {
            ObjectNode o = JSON.createObjectNode();
            fields.forEach(o::set);
            return "k:" + o;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("[");
            fields.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(v));
            return b.append(']').toString();
        }
    }

    record Value(JsonNode value) implements PathElement {
        public Value {
            value = JsonValues.canonical(value);
        }

        @Override
        public String encode() {
            return "v:" + value;
        }

        @Override
        public String toString() {
            return "[=" + value + "]";
        }
    }

    record Index(int index) implements PathElement {
        @Override
        public String encode() {
            return "i:" + index;
        }

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    static PathElement decode(String key) {
        if (key.length() < 2 || key.charAt(1) != ':') {
            throw new PatchException.Invalid("invalid fieldsV1 path element: " + key);
        }
        String body = key.substring(2);
        return switch (key.charAt(0)) {
            case 'f' -> new Field(body);
            case 'k' -> {
                TreeMap<String, JsonNode> fields = new TreeMap<>();
                parse(body).properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
                yield new Key(fields);
            }
            case 'v' -> new Value(parse(body));
            case 'i' -> new Index(Integer.parseInt(body));
            default -> throw new PatchException.Invalid("invalid fieldsV1 path element: " + key);
        };
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PatchException.Invalid("invalid fieldsV1 path element: " + json);
        }
    }

    @Override
    default int compareTo(PathElement o) {
        int rank = Integer.compare(rank(this), rank(o));
        if (rank != 0) {
            return rank;
        }
        return switch (this) {
            case Field f -> f.name().compareTo(((Field) o).name());
            case Key k -> compareKeys(k.fields(), ((Key) o).fields());
            case Value v -> compareValues(v.value(), ((Value) o).value());
            case Index i -> Integer.compare(i.index(), ((Index) o).index());
        };
    }

    private static int rank(PathElement e) {
        return switch (e) {
            case Field f -> 0;
            case Key k -> 1;
            case Value v -> 2;
            case Index i -> 3;
        };
    }

    private static int compareKeys(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        Iterator<Map.Entry<String, JsonNode>> ia = a.entrySet().iterator();
        Iterator<Map.Entry<String, JsonNode>> ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<String, JsonNode> ea = ia.next();
            Map.Entry<String, JsonNode> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = compareValues(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    /** Upstream's value order: numbers, strings, booleans, lists, maps, null. */
    static int compareValues(JsonNode a, JsonNode b) {
        int ra = valueRank(a);
        int rb = valueRank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 0 -> Double.compare(a.asDouble(), b.asDouble());
            case 1 -> a.asText().compareTo(b.asText());
            case 2 -> Boolean.compare(a.asBoolean(), b.asBoolean());
            case 5 -> 0;
            default -> a.toString().compareTo(b.toString());
        };
    }

    private static int valueRank(JsonNode n) {
        if (n.isNumber()) {
            return 0;
        }
        if (n.isTextual()) {
            return 1;
        }
        if (n.isBoolean()) {
            return 2;
        }
        if (n.isArray()) {
            return 3;
        }
        return n.isObject() ? 4 : 5;
    }
}
