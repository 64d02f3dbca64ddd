package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of field paths stored as a trie, the shape managedFields use on the wire (FieldsV1). A node is a
 * member when the path itself is in the set; it may also have children. Immutable from the outside:
 * operations return new sets.
 */
public final class FieldSet {

    private boolean member;
    private final TreeMap<PathElement, FieldSet> children = new TreeMap<>();

    public static FieldSet empty() {
        return new FieldSet();
    }

    public static FieldSet of(Iterable<FieldPath> paths) {
        FieldSet s = new FieldSet();
        paths.forEach(s::insertInPlace);
        return s;
    }

    /** Parses a fieldsV1 object: {@code "."} marks the node itself, every other key is a child element. */
    public static FieldSet fromFieldsV1(JsonNode json) {
        FieldSet s = new FieldSet();
        if (json == null || json.isNull()) {
            return s;
        }
        if (!json.isObject()) {
            throw new PatchException.Invalid("invalid fieldsV1: expected an object");
        }
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            if (e.getKey().equals(".")) {
                s.member = true;
                continue;
            }
            FieldSet child = fromFieldsV1(e.getValue());
            if (child.children.isEmpty()) {
                // a leaf written as {} is a member with nothing below
                child.member = true;
            }
            s.children.put(PathElement.decode(e.getKey()), child);
        }
        return s;
    }

    /** Serialises as upstream: "." first (only for members that also have children), then children in order. */
    public ObjectNode toFieldsV1() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (member && !children.isEmpty()) {
            o.set(".", JsonNodeFactory.instance.objectNode());
        }
        children.forEach((pe, child) -> o.set(pe.encode(), child.toFieldsV1()));
        return o;
    }

    public boolean contains(FieldPath path) {
        FieldSet node = find(path);
        return node != null && node.member;
    }

    /** True when {@code path} or anything below it is a member. */
    public boolean hasMemberAtOrBelow(FieldPath path) {
        FieldSet node = find(path);
        return node != null && (node.member || !node.isEmpty());
    }

    public boolean isEmpty() {
        return !member && children.values().stream().allMatch(FieldSet::isEmpty);
    }

    /** Every member path, parents before children. */
    public List<FieldPath> members() {
        List<FieldPath> out = new ArrayList<>();
        collect(FieldPath.ROOT, out);
        return out;
    }

    public FieldSet union(FieldSet other) {
        FieldSet s = copy();
        other.members().forEach(s::insertInPlace);
        return s;
    }

    public FieldSet difference(FieldSet other) {
        List<FieldPath> keep = members().stream().filter(p -> !other.contains(p)).toList();
        return of(keep);
    }

    public FieldSet intersection(FieldSet other) {
        return of(members().stream().filter(other::contains).toList());
    }

    public FieldSet with(FieldPath path) {
        FieldSet s = copy();
        s.insertInPlace(path);
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet f && members().equals(f.members());
    }

    @Override
    public int hashCode() {
        return members().hashCode();
    }

    @Override
    public String toString() {
        return members().toString();
    }

    private FieldSet copy() {
        return of(members());
    }

    private void insertInPlace(FieldPath path) {
        FieldSet node = this;
        for (PathElement e : path.elements()) {
            node = node.children.computeIfAbsent(e, k -> new FieldSet());
        }
        node.member = true;
    }

    private FieldSet find(FieldPath path) {
        FieldSet node = this;
        for (PathElement e : path.elements()) {
            node = node.children.get(e);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private void collect(FieldPath at, List<FieldPath> out) {
        if (member) {
            out.add(at);
        }
        children.forEach((pe, child) -> child.collect(at.child(pe), out));
    }
}
