package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a strategic merge patch to a built-in object, the way kube-apiserver does: maps merge, null
 * deletes, lists replace unless the schema says merge (by key, or as a set for scalars), and the
 * directives {@code $patch}, {@code $retainKeys}, {@code $setElementOrder/}, {@code $deleteFromPrimitiveList/}
 * are honoured. The server only applies patches; computing them is kubectl's job.
 */
public final class StrategicMergePatch {

    static final String PATCH = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ORDER = "$setElementOrder/";
    static final String DELETE_FROM_LIST = "$deleteFromPrimitiveList/";

    public static final String ACCEPTED_FOR_CUSTOM_RESOURCES =
            "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

    private final PatchSchema schema;

    public StrategicMergePatch(PatchSchema schema) {
        this.schema = schema;
    }

    /**
     * Returns the patched copy of {@code original}.
     *
     * @throws PatchException.UnsupportedMediaType for kinds without strategic merge metadata (custom resources)
     * @throws PatchException.Invalid for malformed directives (400)
     * @throws PatchException.Failed for the errors upstream passes through unwrapped (500)
     */
    public ObjectNode apply(ObjectNode original, JsonNode patch, GroupVersionKind gvk) {
        if (!schema.supportsStrategicMerge(gvk)) {
            throw new PatchException.UnsupportedMediaType(
                    "the body of the request was in an unknown format - accepted media types include: "
                            + ACCEPTED_FOR_CUSTOM_RESOURCES);
        }
        if (!patch.isObject()) {
            throw new PatchException.Invalid("json: cannot unmarshal " + JsonPatch.goType(patch)
                    + " into Go value of type map[string]interface {}");
        }
        JsonNode result = new Merger(gvk).mergeMap(original.deepCopy(), ((ObjectNode) patch).deepCopy(), List.of());
        return (ObjectNode) result;
    }

    /** One application: carries the kind so list lookups can walk the schema. */
    final class Merger {
        private final GroupVersionKind gvk;
        private final SmpLists lists = new SmpLists(this);

        Merger(GroupVersionKind gvk) {
            this.gvk = gvk;
        }

        Optional<ListStrategy> strategy(List<String> path) {
            return schema.lookup(gvk, path);
        }

        /** Merges {@code patch} into {@code original} (both owned by this call) and returns the result. */
        JsonNode mergeMap(ObjectNode original, ObjectNode patch, List<String> path) {
            JsonNode directive = patch.get(PATCH);
            if (directive != null) {
                return mapDirective(directive, patch);
            }
            applyRetainKeys(original, patch);
            lists.applySetElementOrders(original, patch, path);
            for (String key : new ArrayList<>(iterable(patch))) {
                mergeField(original, key, patch.get(key), path);
            }
            return original;
        }

        private void mergeField(ObjectNode original, String patchKey, JsonNode patchValue, List<String> path) {
            boolean deleteList = patchKey.startsWith(DELETE_FROM_LIST);
            String key = deleteList ? patchKey.substring(DELETE_FROM_LIST.length()) : patchKey;
            if (patchValue.isNull()) {
                // null deletes; a null for a key the object lacks is dropped rather than stored
                original.remove(key);
                return;
            }
            List<String> childPath = append(path, key);
            JsonNode current = original.get(key);
            if (current == null || current.getNodeType() != patchValue.getNodeType()) {
                if (!deleteList) {
                    JsonNode taken = fromPatch(patchValue, childPath);
                    if (taken == null) {
                        original.remove(key);
                    } else {
                        original.set(key, taken);
                    }
                }
                return;
            }
            if (current.isObject()) {
                original.set(key, mergeMap((ObjectNode) current, (ObjectNode) patchValue, childPath));
            } else if (current.isArray()) {
                Optional<ListStrategy> s = strategy(childPath);
                if (s.isPresent() && s.get().strategy().merges() || deleteList) {
                    original.set(key, lists.mergeList((ArrayNode) current, (ArrayNode) patchValue,
                            s.map(ListStrategy::mergeKey).orElse(null), deleteList, childPath));
                } else {
                    original.set(key, patchValue);
                }
            } else {
                original.set(key, patchValue);
            }
        }

        /**
         * A value the original lacks is taken from the patch as upstream takes it: nulls dropped, and any
         * map carrying {@code $patch} dropped whole (null result: leave the field out). Other directive keys
         * are dropped too; upstream stores them and lets typed decoding discard them, which JSON storage
         * would not do.
         */
        JsonNode fromPatch(JsonNode value, List<String> path) {
            return withoutDirectives(value.deepCopy());
        }

        private JsonNode mapDirective(JsonNode directive, ObjectNode patch) {
            switch (directive.asText()) {
                case "replace" -> {
                    patch.remove(PATCH);
                    discardNulls(patch);
                    return patch;
                }
                case "delete" -> {
                    return JsonNodeFactory.instance.objectNode();
                }
                default -> throw new PatchException.Failed(
                        "unknown patch type: " + GoFormat.v(directive) + " in map: " + GoFormat.v(patch));
            }
        }

        /** {@code $retainKeys}: every patched key must be listed, and unlisted keys leave the original. */
        private void applyRetainKeys(ObjectNode original, ObjectNode patch) {
            JsonNode retain = patch.remove(RETAIN_KEYS);
            if (retain == null) {
                return;
            }
            if (!retain.isArray()) {
                throw new PatchException.Invalid("invalid patch format of retainKeys");
            }
            Set<String> keep = new HashSet<>();
            retain.forEach(k -> keep.add(k.asText()));
            for (Map.Entry<String, JsonNode> e : patch.properties()) {
                String k = e.getKey();
                if (!e.getValue().isNull() && !k.startsWith(DELETE_FROM_LIST) && !k.startsWith(SET_ORDER)
                        && !keep.contains(k)) {
                    throw new PatchException.Invalid("invalid patch format of retainKeys");
                }
            }
            original.retain(keep);
        }
    }

    /** Nulls in a value taken verbatim mean nothing (there is nothing to delete), so they are dropped. */
    static void discardNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (String k : iterable(o)) {
                if (o.get(k).isNull()) {
                    o.remove(k);
                } else {
                    discardNulls(o.get(k));
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(StrategicMergePatch::discardNulls);
        }
    }

    /** Drops maps marked with {@code $patch} (returns null for such a root) and directive keys. */
    static JsonNode withoutDirectives(JsonNode node) {
        discardNulls(node);
        if (node instanceof ObjectNode o) {
            if (o.has(PATCH)) {
                return null;
            }
            for (String k : iterable(o)) {
                JsonNode v = k.startsWith("$") ? null : withoutDirectives(o.get(k));
                if (v == null) {
                    o.remove(k);
                } else {
                    o.set(k, v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : a) {
                JsonNode v = withoutDirectives(item);
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        return node;
    }

    static List<String> append(List<String> path, String key) {
        List<String> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(key);
        return out;
    }

    static List<String> iterable(ObjectNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
