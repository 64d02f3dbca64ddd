package io.k3j.apiserver.rest;

import io.k3j.api.GroupVersionKind;
import io.k3j.api.patch.ListStrategy;
import io.k3j.api.patch.PatchSchema;
import io.k3j.api.schema.StructuralSchema;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merge metadata for server-side apply and managedFields: built-in kinds from the compiled-in schema, custom
 * resources from their CRD version's structural schema ({@code x-kubernetes-list-type} set/map with
 * {@code x-kubernetes-list-map-keys}, {@code x-kubernetes-map-type: atomic}), their metadata as any object's.
 */
final class CatalogPatchSchema implements PatchSchema {

    private final PatchSchema builtin;
    private final ResourceCatalog catalog;

    CatalogPatchSchema(PatchSchema builtin, ResourceCatalog catalog) {
        this.builtin = builtin;
        this.catalog = catalog;
    }

    @Override
    public boolean supportsStrategicMerge(GroupVersionKind gvk) {
        return builtin.supportsStrategicMerge(gvk);
    }

    @Override
    public Optional<ListStrategy> lookup(GroupVersionKind gvk, List<String> path) {
        Optional<StructuralSchema> root = customSchema(gvk, path);
        if (root.isEmpty()) {
            return builtin.lookup(gvk, path);
        }
        StructuralSchema s = walk(root.get(), path);
        if (s == null || s.listType() == null) {
            return Optional.empty();
        }
        return switch (s.listType()) {
            case "map" -> Optional.of(new ListStrategy(ListStrategy.Strategy.REPLACE, null, ListStrategy.ListType.MAP,
                    s.listMapKeys(), defaults(s)));
            case "set" -> Optional.of(new ListStrategy(ListStrategy.Strategy.REPLACE, null, ListStrategy.ListType.SET,
                    List.of(), Map.of()));
            default -> Optional.of(ListStrategy.ATOMIC);
        };
    }

    @Override
    public boolean isAtomicMap(GroupVersionKind gvk, List<String> path) {
        Optional<StructuralSchema> root = customSchema(gvk, path);
        if (root.isEmpty()) {
            return builtin.isAtomicMap(gvk, path);
        }
        StructuralSchema s = walk(root.get(), path);
        return s != null && "atomic".equals(s.mapType());
    }

    /** The CRD schema, unless the kind is built in or the path is under metadata (ObjectMeta's rules apply). */
    private Optional<StructuralSchema> customSchema(GroupVersionKind gvk, List<String> path) {
        if (!path.isEmpty() && path.get(0).equals("metadata")) {
            return Optional.empty();
        }
        return catalog.findKind(gvk.group(), gvk.version(), gvk.kind())
                .filter(d -> d.isCustom()).map(d -> d.custom().schema());
    }

    /** Follows field names from the root; list items are transparent, as the path leaves them out. */
    private static StructuralSchema walk(StructuralSchema s, List<String> path) {
        for (String name : path) {
            if (s != null && s.items() != null) {
                s = s.items();
            }
            s = s == null ? null : s.child(name);
        }
        return s;
    }

    /** Map keys with schema defaults: SSA assumes them for items that omit the key. */
    private static Map<String, com.fasterxml.jackson.databind.JsonNode> defaults(StructuralSchema list) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> out = new java.util.HashMap<>();
        if (list.items() != null) {
            for (String k : list.listMapKeys()) {
                StructuralSchema key = list.items().properties().get(k);
                if (key != null && key.defaultValue() != null) {
                    out.put(k, key.defaultValue());
                }
            }
        }
        return out;
    }
}
