package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.GroupVersionKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns an object into the set of fields server-side apply tracks, each with its value: scalar leaves,
 * nulls and empty maps, atomic lists and maps as single leaves, list-map items (by key) and set elements
 * (by value). Other nodes are not members of an applied set; {@link #compare} adds the maps and lists that
 * appear or vanish (see {@link ContainerNodes}). Fields the server owns (name, uid, managedFields,
 * resourceVersion …) are never tracked, and status or spec is skipped depending on the subresource,
 * because the registry resets that half on such writes.
 */
final class ObjectFields {

    /** A tracked field's value; list-map items compare equal whenever both exist (their fields are tracked). */
    record Leaf(JsonNode value, boolean item) {
        boolean sameAs(Leaf other) {
            return item ? other.item : !other.item && JsonValues.same(value, other.value);
        }
    }

    /** What changed between two versions of an object, in tracked-field terms. */
    record Comparison(FieldSet changed, FieldSet removed) {
    }

    static final Set<String> SERVER_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "selfLink", "managedFields", "deletionTimestamp",
            "deletionGracePeriodSeconds");

    private final PatchSchema schema;
    private final GroupVersionKind gvk;
    private final String subresource;
    /** Set while walking an applied configuration: duplicate list keys are an error there, not in live objects. */
    private String strictContext;

    ObjectFields(PatchSchema schema, GroupVersionKind gvk, String subresource) {
        this.schema = schema;
        this.gvk = gvk;
        this.subresource = subresource;
    }

    Map<FieldPath, Leaf> leaves(JsonNode object) {
        Map<FieldPath, Leaf> out = new LinkedHashMap<>();
        if (object == null || !object.isObject()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String name = e.getKey();
            if (name.equals("apiVersion") || name.equals("kind") || !tracked(name)) {
                continue;
            }
            FieldPath path = FieldPath.ROOT.field(name);
            if (name.equals("metadata") && e.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> m : e.getValue().properties()) {
                    if (!SERVER_METADATA.contains(m.getKey())) {
                        walk(m.getValue(), path.field(m.getKey()), List.of("metadata", m.getKey()), out);
                    }
                }
            } else {
                walk(e.getValue(), path, List.of(name), out);
            }
        }
        return out;
    }

    FieldSet fieldSet(JsonNode object) {
        return FieldSet.of(leaves(object).keySet());
    }

    /**
     * The fields of an applied configuration, rejecting duplicate list keys with upstream's text, e.g.
     * {@code failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.x: duplicate entries for key [name="a"]}.
     */
    FieldSet appliedFieldSet(JsonNode config) {
        JsonNode meta = config.path("metadata");
        strictContext = "failed to create typed patch object (" + meta.path("namespace").asText("") + "/"
                + meta.path("name").asText("") + "; " + (gvk.group().isEmpty() ? "/" : gvk.group() + "/")
                + gvk.version() + ", Kind=" + gvk.kind() + "): ";
        try {
            return fieldSet(config);
        } finally {
            strictContext = null;
        }
    }

    Comparison compare(JsonNode before, JsonNode after) {
        Map<FieldPath, Leaf> a = leaves(before);
        Map<FieldPath, Leaf> b = leaves(after);
        List<FieldPath> changed = new ArrayList<>();
        b.forEach((p, leaf) -> {
            Leaf old = a.get(p);
            if (old == null || !old.sameAs(leaf)) {
                changed.add(p);
            }
        });
        List<FieldPath> removed = new ArrayList<>(a.keySet().stream().filter(p -> !b.containsKey(p)).toList());
        addContainerNodes(before, after, a, b, changed, removed);
        return new Comparison(FieldSet.of(changed), FieldSet.of(removed));
    }

    /**
     * Nodes that appear or vanish count as changed or removed too. A map turning empty (or filling up) stays
     * the same node to upstream, so those leaf/node transitions are not reported.
     */
    private void addContainerNodes(JsonNode before, JsonNode after, Map<FieldPath, Leaf> a, Map<FieldPath, Leaf> b,
                                   List<FieldPath> changed, List<FieldPath> removed) {
        ContainerNodes walker = new ContainerNodes(this, schema, gvk);
        Map<FieldPath, ContainerNodes.Node> na = walker.of(before);
        Map<FieldPath, ContainerNodes.Node> nb = walker.of(after);
        boolean create = before == null || before.isEmpty();
        nb.forEach((p, n) -> {
            if (!na.containsKey(p) && !a.containsKey(p) && (!create || n.countsOnCreate())) {
                changed.add(p);
            }
        });
        na.keySet().stream().filter(p -> !nb.containsKey(p) && !b.containsKey(p)).forEach(removed::add);
        changed.removeIf(p -> b.containsKey(p) && na.containsKey(p));
        removed.removeIf(p -> a.containsKey(p) && nb.containsKey(p));
    }

    /** The key of a list-map item: its key fields, with schema defaults for absent ones (protocol TCP). */
    static PathElement.Key itemKey(ListStrategy s, JsonNode item) {
        TreeMap<String, JsonNode> key = new TreeMap<>();
        for (String k : s.mapKeys()) {
            JsonNode v = item.get(k);
            if (v == null || v.isNull()) {
                v = s.keyDefaults().get(k);
            }
            if (v == null) {
                throw new PatchException.Failed("associative list with keys has an element that omits key field "
                        + GoFormatQuote.q(k) + " (and doesn't have default value)");
            }
            key.put(k, v);
        }
        return new PathElement.Key(key);
    }

    boolean tracked(String topLevel) {
        if (subresource == null || subresource.isEmpty()) {
            return !topLevel.equals("status");
        }
        return subresource.equals("status") ? topLevel.equals("status") || topLevel.equals("metadata")
                : !topLevel.equals("status");
    }

    private void walk(JsonNode node, FieldPath path, List<String> names, Map<FieldPath, Leaf> out) {
        if (node.isObject()) {
            if (node.isEmpty() || schema.isAtomicMap(gvk, names)) {
                out.put(path, new Leaf(node, false));
                return;
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), path.field(e.getKey()), StrategicMergePatch.append(names, e.getKey()), out);
            }
        } else if (node.isArray()) {
            ListStrategy s = listStrategy(names);
            switch (s.listType()) {
                case ATOMIC -> out.put(path, new Leaf(node, false));
                case SET -> node.forEach(v -> put(out, path, path.child(new PathElement.Value(v)), new Leaf(v, false)));
                case MAP -> {
                    for (JsonNode item : node) {
                        FieldPath itemPath = path.child(itemKey(s, item));
                        put(out, path, itemPath, new Leaf(item, true));
                        item.properties().forEach(e -> walk(e.getValue(), itemPath.field(e.getKey()),
                                StrategicMergePatch.append(names, e.getKey()), out));
                    }
                }
            }
        } else {
            out.put(path, new Leaf(node, false));
        }
    }

    private void put(Map<FieldPath, Leaf> out, FieldPath list, FieldPath item, Leaf leaf) {
        if (out.putIfAbsent(item, leaf) != null && strictContext != null) {
            throw new PatchException.Failed(strictContext + list + ": duplicate entries for key "
                    + item.elements().get(item.elements().size() - 1));
        }
    }

    /** Lists without metadata are atomic for apply (built-ins and custom resources alike). */
    ListStrategy listStrategy(List<String> names) {
        return schema.lookup(gvk, names).orElse(ListStrategy.ATOMIC);
    }

    /** Go %q for the one message above. */
    private static final class GoFormatQuote {
        static String q(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
