package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;

import java.util.HashMap;
import java.util.Map;

/**
 * What one write changed, as each managedFields entry's apiVersion sees it: the request's own comparison for entries
 * in the request's version, and for an entry in another version the comparison of the old and new object converted
 * to that version (computed once per version). Entries of kinds without conversions use the request's comparison.
 */
final class VersionedChanges {

    private final PatchSchema schema;
    private final VersionConverter converter;
    private final String subresource;
    private final String kind;
    private final JsonNode before;
    private final JsonNode after;
    private final ObjectFields.Comparison own;
    private final Map<String, ObjectFields.Comparison> byVersion = new HashMap<>();

    VersionedChanges(PatchSchema schema, VersionConverter converter, String subresource, GroupVersionKind gvk,
                     JsonNode before, JsonNode after, ObjectFields.Comparison own) {
        this.schema = schema;
        this.converter = converter;
        this.subresource = subresource;
        this.kind = gvk.kind();
        this.before = before;
        this.after = after;
        this.own = own;
        byVersion.put(gvk.apiVersion(), own);
    }

    /** The changes in the field paths of {@code apiVersion}. */
    ObjectFields.Comparison in(String apiVersion) {
        ObjectFields.Comparison known = byVersion.get(apiVersion);
        if (known != null) {
            return known;
        }
        ObjectFields.Comparison c = convertedComparison(apiVersion);
        byVersion.put(apiVersion, c);
        return c;
    }

    private ObjectFields.Comparison convertedComparison(String apiVersion) {
        if (apiVersion == null || apiVersion.isEmpty() || !(after instanceof ObjectNode a)) {
            return own;
        }
        ObjectNode convertedAfter = converter.convert(a, apiVersion);
        ObjectNode convertedBefore = before instanceof ObjectNode b ? converter.convert(b, apiVersion) : null;
        if (convertedAfter == null || before instanceof ObjectNode && convertedBefore == null) {
            return own;
        }
        return new ObjectFields(schema, Kinds.of(apiVersion, kind), subresource).compare(convertedBefore, convertedAfter);
    }
}
