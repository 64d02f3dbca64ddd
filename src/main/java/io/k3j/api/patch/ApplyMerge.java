package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

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
                case SET -> {
                    ArrayNode out = ((ArrayNode) live).deepCopy();
                    config.forEach(v -> {
                        if (!contains(out, v)) {
                            out.add(v);
                        }
                    });
                    yield out;
                }
                case MAP -> mergeItems((ArrayNode) live, (ArrayNode) config, s, names);
            };
        }
        return config.deepCopy();
    }

    /** Items keep their live position; applied items merge into the matching one or are appended. */
    private ArrayNode mergeItems(ArrayNode live, ArrayNode config, ListStrategy s, List<String> names) {
        ArrayNode out = live.deepCopy();
        for (JsonNode item : config) {
            PathElement.Key key = ObjectFields.itemKey(s, item);
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (ObjectFields.itemKey(s, out.get(i)).equals(key)) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                out.add(item.deepCopy());
            } else if (item.isObject() && out.get(at).isObject()) {
                mergeObject((ObjectNode) out.get(at), (ObjectNode) item, names);
            } else {
                out.set(at, item.deepCopy());
            }
        }
        return out;
    }

    /** Removes the node at {@code path} if present. */
    void remove(JsonNode root, FieldPath path) {
        List<PathElement> els = path.elements();
        if (els.isEmpty()) {
            return;
        }
        JsonNode parent = root;
        List<String> names = new java.util.ArrayList<>();
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
                case PathElement.Value v -> v.value().equals(item);
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

    private static boolean contains(ArrayNode a, JsonNode v) {
        for (JsonNode x : a) {
            if (x.equals(v)) {
                return true;
            }
        }
        return false;
    }
}
