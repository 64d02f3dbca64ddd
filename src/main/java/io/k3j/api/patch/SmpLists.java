package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The list half of strategic merge patch: merging by key or as a scalar set, list-level {@code $patch}
 * elements, and the ordering rules (upstream's normalizeElementOrder) that decide where new elements land.
 * Without {@code $setElementOrder} upstream places patched-in new elements before the server-only ones;
 * that is reproduced deliberately.
 */
final class SmpLists {

    private final StrategicMergePatch.Merger merger;

    SmpLists(StrategicMergePatch.Merger merger) {
        this.merger = merger;
    }

    ArrayNode mergeList(ArrayNode original, ArrayNode patch, String mergeKey, boolean deleteList, List<String> path) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        boolean maps = elementsAreMaps(original, patch);
        if (!maps) {
            if (deleteList) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                original.forEach(v -> {
                    if (!contains(patch, v, null)) {
                        out.add(v);
                    }
                });
                return out;
            }
            List<JsonNode> merged = new ArrayList<>();
            for (JsonNode v : concat(original, patch)) {
                if (merged.stream().noneMatch(m -> JsonValues.same(m, v))) {
                    merged.add(v);
                }
            }
            return order(merged, toList(patch), toList(original), null);
        }
        if (mergeKey == null) {
            throw new PatchException.Failed("cannot merge lists without merge key for " + String.join(".", path));
        }
        List<JsonNode> server = toList(original);
        List<JsonNode> patchItems = new ArrayList<>();
        boolean replace = false;
        for (JsonNode v : patch) {
            JsonNode directive = v.get(StrategicMergePatch.PATCH);
            if (directive == null) {
                patchItems.add(v);
                continue;
            }
            switch (directive.asText()) {
                case "delete" -> {
                    JsonNode key = v.get(mergeKey);
                    if (key == null) {
                        throw noMergeKey(v, mergeKey);
                    }
                    server.removeIf(item -> JsonValues.same(key, item.get(mergeKey)));
                }
                case "replace" -> replace = true;
                case "merge" -> throw new PatchException.Failed("merging lists cannot yet be specified in the patch");
                default -> throw new PatchException.Failed(
                        "unknown patch type: " + GoFormat.v(directive) + " in map: " + GoFormat.v(v));
            }
        }
        if (replace) {
            // "{$patch: replace}" as an element: the other elements become the whole list
            server = new ArrayList<>();
            for (JsonNode v : patchItems) {
                JsonNode taken = merger.fromPatch(v, path);
                if (taken != null) {
                    server.add(taken);
                }
            }
            patchItems = List.of();
        }
        List<JsonNode> merged = new ArrayList<>(server);
        for (JsonNode v : patchItems) {
            JsonNode key = v.get(mergeKey);
            if (key == null) {
                throw noMergeKey(v, mergeKey);
            }
            int at = indexOf(merged, v, mergeKey);
            if (at >= 0) {
                merged.set(at, merger.mergeMap((ObjectNode) merged.get(at), (ObjectNode) v, path));
            } else {
                JsonNode taken = merger.fromPatch(v, path);
                if (taken != null) {
                    merged.add(taken);
                }
            }
        }
        return order(merged, patchItems, server, mergeKey);
    }

    /** Processes each {@code $setElementOrder/<list>} together with {@code <list>}, then removes both. */
    void applySetElementOrders(ObjectNode original, ObjectNode patch, List<String> path) {
        for (String directiveKey : StrategicMergePatch.iterable(patch)) {
            if (!directiveKey.startsWith(StrategicMergePatch.SET_ORDER)) {
                continue;
            }
            JsonNode orderNode = patch.remove(directiveKey);
            if (!orderNode.isArray()) {
                throw new PatchException.Failed("expected a []interface {}, but received a " + goTypeName(orderNode));
            }
            String key = directiveKey.substring(StrategicMergePatch.SET_ORDER.length());
            List<String> listPath = StrategicMergePatch.append(path, key);
            String mergeKey = merger.strategy(listPath).map(ListStrategy::mergeKey).orElse(null);
            JsonNode originalList = original.get(key);
            JsonNode patchList = patch.get(key);
            if (patchList != null && !patchList.isArray() || originalList != null && !originalList.isArray()) {
                throw new PatchException.Invalid("invalid patch format of setElementOrder list");
            }
            validateOrder(patchList, orderNode, mergeKey);
            ArrayNode merged;
            if (originalList != null && patchList != null) {
                boolean merges = merger.strategy(listPath).map(s -> s.strategy().merges()).orElse(false);
                merged = merges ? mergeList((ArrayNode) originalList, (ArrayNode) patchList, mergeKey, false, listPath)
                        : (ArrayNode) patchList;
            } else if (patchList != null) {
                merged = (ArrayNode) merger.fromPatch(patchList, listPath);
            } else if (originalList != null) {
                merged = (ArrayNode) originalList;
            } else {
                continue;
            }
            List<JsonNode> inOrder = new ArrayList<>();
            for (JsonNode item : merged) {
                inOrder.add(item);
            }
            List<JsonNode> orderList = toList(orderNode);
            List<JsonNode> serverOrder = originalList == null ? List.of() : toList(originalList);
            original.set(key, order(inOrder, orderList, serverOrder, mergeKey));
            patch.remove(key);
        }
    }

    /**
     * Splits {@code merged} into items named by {@code patchOrder} and server-only items, sorts each by its
     * own order list, and interleaves them: a server-only item goes first only when the server order puts it
     * before the patch item being compared.
     */
    private ArrayNode order(List<JsonNode> merged, List<JsonNode> patchOrder, List<JsonNode> serverOrder, String mergeKey) {
        List<JsonNode> fromPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            (indexOf(patchOrder, item, mergeKey) >= 0 ? fromPatch : serverOnly).add(item);
        }
        fromPatch.sort(Comparator.comparingInt(i -> indexOf(patchOrder, i, mergeKey)));
        serverOnly.sort(Comparator.comparingInt(i -> indexOf(serverOrder, i, mergeKey)));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < fromPatch.size()) {
            if (j >= fromPatch.size()) {
                out.add(serverOnly.get(i++));
            } else if (i >= serverOnly.size()) {
                out.add(fromPatch.get(j++));
            } else {
                int li = indexOf(serverOrder, serverOnly.get(i), mergeKey);
                int ri = indexOf(serverOrder, fromPatch.get(j), mergeKey);
                out.add(li >= 0 && ri >= 0 && li < ri ? serverOnly.get(i++) : fromPatch.get(j++));
            }
        }
        return out;
    }

    /** The patch list (minus directive elements) must appear in the order list in the same relative order. */
    private void validateOrder(JsonNode patchList, JsonNode orderList, String mergeKey) {
        if (patchList == null || patchList.isEmpty() || orderList.isEmpty()) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode v : patchList) {
            if (!(v.isObject() && v.has(StrategicMergePatch.PATCH))) {
                items.add(v);
            }
        }
        int p = 0;
        int o = 0;
        while (p < items.size() && o < orderList.size()) {
            if (sameElement(items.get(p), orderList.get(o), mergeKey)) {
                p++;
            }
            o++;
        }
        if (p < items.size()) {
            throw new PatchException.Failed("The order in patch list:\n" + GoFormat.v(patchList) + "\n doesn't match "
                    + StrategicMergePatch.SET_ORDER + " list:\n" + GoFormat.v(orderList) + "\n");
        }
    }

    private static boolean sameElement(JsonNode a, JsonNode b, String mergeKey) {
        if (mergeKey == null) {
            return JsonValues.same(a, b);
        }
        JsonNode ka = a.get(mergeKey);
        return ka != null && JsonValues.same(ka, b.get(mergeKey));
    }

    private static int indexOf(List<JsonNode> list, JsonNode item, String mergeKey) {
        for (int i = 0; i < list.size(); i++) {
            if (sameElement(item, list.get(i), mergeKey)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(ArrayNode list, JsonNode v, String mergeKey) {
        return indexOf(toList(list), v, mergeKey) >= 0;
    }

    private static boolean elementsAreMaps(ArrayNode a, ArrayNode b) {
        boolean maps = false;
        boolean scalars = false;
        for (JsonNode v : concat(a, b)) {
            if (v.isArray()) {
                throw new PatchException.Unprocessable("lists of lists are not supported");
            }
            maps |= v.isObject();
            scalars |= !v.isObject();
        }
        if (maps && scalars) {
            throw new PatchException.Failed("list elements mix maps and scalars");
        }
        return maps;
    }

    private static List<JsonNode> concat(ArrayNode a, ArrayNode b) {
        List<JsonNode> all = toList(a);
        all.addAll(toList(b));
        return all;
    }

    static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static PatchException noMergeKey(JsonNode item, String mergeKey) {
        return new PatchException.Failed("map: " + GoFormat.v(item) + " does not contain declared merge key: " + mergeKey);
    }

    private static String goTypeName(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT -> "map[string]interface {}";
            case STRING -> "string";
            case NUMBER -> "float64";
            case BOOLEAN -> "bool";
            default -> "<nil>";
        };
    }
}
