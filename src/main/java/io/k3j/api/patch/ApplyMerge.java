package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.k3j.api.GroupVersionKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The structural merge behind server-side apply: the applied configuration is laid over the live object
 * using the schema's list types (atomic lists replaced, sets unioned, list-maps merged item by item by
 * key) and atomic maps replaced whole. Also removes single fields by {@link FieldPath} for pruning.
 */
final class ApplyMerge {

    private final PatchSchema schema;
    private final GroupVersionKind gvk;
    private final ObjectFields fields;

    ApplyMerge(PatchSchema schema, GroupVersionKind gvk, ObjectFields fields) {
        this.schema = schema;
        this.gvk = gvk;
        this.fields = fields;
    }

    /** Merges {@code config} into {@code live} in place. */
    void mergeObject(ObjectNode live, ObjectNode config, List<String> names) {
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                live.remove(key);
                continue;
            }
            live.set(key, merge(live.get(key), value, StrategicMergePatch.append(names, key)));
        }
    }

    private JsonNode merge(JsonNode live, JsonNode config, List<String> names) {
        if (live == null || live.getNodeType() != config.getNodeType()) {
            return config.deepCopy();
        }
        if (config.isObject()) {
            if (schema.isAtomicMap(gvk, names)) {
                return config.deepCopy();
            }
            ObjectNode out = ((ObjectNode) live).deepCopy();
            mergeObject(out, (ObjectNode) config, names);
            return out;
        }
        if (config.isArray()) {
            ListStrategy s = fields.listStrategy(names);
            return switch (s.listType()) {
                case ATOMIC -> config.deepCopy();
                case SET -> mergeItems((ArrayNode) live, (ArrayNode) config, v -> new PathElement.Value(v), names);
                case MAP -> mergeItems((ArrayNode) live, (ArrayNode) config, item -> ObjectFields.itemKey(s, item), names);
            };
        }
        return config.deepCopy();
    }

    /**
     * Merges an associative list (list-map or set) the way upstream orders it: applied items keep their
     * applied order, live-only items stay where they were relative to them, and a shared item is emitted
     * when the applied order reaches it.
     */
    private ArrayNode mergeItems(ArrayNode live, ArrayNode config, Function<JsonNode, PathElement> keyOf, List<String> names) {
        List<PathElement> lhs = new ArrayList<>();
        Map<PathElement, JsonNode> lhsItems = new HashMap<>();
        index(live, keyOf, lhs, lhsItems);
        List<PathElement> rhs = new ArrayList<>();
        Map<PathElement, JsonNode> rhsItems = new HashMap<>();
        index(config, keyOf, rhs, rhsItems);
        ArrayDeque<PathElement> shared = new ArrayDeque<>(rhs.stream().filter(lhsItems::containsKey).toList());

        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        int l = 0;
        int r = 0;
        while (l < lhs.size() || r < rhs.size()) {
            if (l < lhs.size() && r < rhs.size()) {
                PathElement pe = lhs.get(l);
                if (pe.equals(rhs.get(r))) {
                    out.add(mergeItem(lhsItems.get(pe), rhsItems.get(pe), names));
                    l++;
                    r++;
                    shared.poll();
                    continue;
                }
                if (rhsItems.containsKey(pe) && !shared.isEmpty() && !shared.peek().equals(pe)) {
                    l++; // a shared item the applied order places later
                    continue;
                }
            }
            if (l < lhs.size() && !rhsItems.containsKey(lhs.get(l))) {
                out.add(lhsItems.get(lhs.get(l++)));
                continue;
            }
            if (r < rhs.size()) {
                PathElement pe = rhs.get(r++);
                out.add(mergeItem(lhsItems.get(pe), rhsItems.get(pe), names));
                if (pe.equals(shared.peek())) {
                    shared.poll();
                }
            } else {
                l++; // a shared item already emitted through the applied order
            }
        }
        return out;
    }

    private static void index(ArrayNode list, Function<JsonNode, PathElement> keyOf, List<PathElement> order,
                              Map<PathElement, JsonNode> items) {
        for (JsonNode item : list) {
            PathElement pe = keyOf.apply(item);
            if (items.putIfAbsent(pe, item) != null) {
                throw new PatchException.Failed("duplicate entries for key " + pe);
            }
            order.add(pe);
        }
    }

    private JsonNode mergeItem(JsonNode live, JsonNode config, List<String> names) {
        if (live != null && live.isObject() && config.isObject()) {
            ObjectNode out = ((ObjectNode) live).deepCopy();
            mergeObject(out, (ObjectNode) config, names);
            return out;
        }
        return config.deepCopy();
    }

    /** Removes the node at {@code path} if present. */
    void remove(JsonNode root, FieldPath path) {
        List<PathElement> els = path.elements();
        if (els.isEmpty()) {
            return;
        }
        JsonNode parent = root;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < els.size() - 1 && parent != null; i++) {
            parent = step(parent, els.get(i), names);
        }
        PathElement last = els.get(els.size() - 1);
        if (last instanceof PathElement.Field f && parent instanceof ObjectNode o) {
            o.remove(f.name());
        } else if (parent instanceof ArrayNode a) {
            int idx = indexOf(a, last, names);
            if (idx >= 0) {
                a.remove(idx);
            }
        }
    }

    /** One step down; {@code names} tracks the field-name path the schema is keyed by. */
    private JsonNode step(JsonNode node, PathElement e, List<String> names) {
        if (e instanceof PathElement.Field f) {
            names.add(f.name());
            return node.isObject() ? node.get(f.name()) : null;
        }
        if (node instanceof ArrayNode a) {
            int idx = indexOf(a, e, names);
            return idx >= 0 ? a.get(idx) : null;
        }
        return null;
    }

    private int indexOf(ArrayNode a, PathElement e, List<String> names) {
        for (int i = 0; i < a.size(); i++) {
            JsonNode item = a.get(i);
            boolean match = switch (e) {
                case PathElement.Value v -> JsonValues.same(v.value(), item);
                case PathElement.Index ix -> ix.index() == i;
                // keys compare with schema defaults filled in, as they were computed
                case PathElement.Key k -> ObjectFields.itemKey(fields.listStrategy(names), item).equals(k);
                case PathElement.Field f -> false;
            };
            if (match) {
                return i;
            }
        }
        return -1;
    }

}
