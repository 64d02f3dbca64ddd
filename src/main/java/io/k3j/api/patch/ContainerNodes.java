package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The non-leaf nodes of an object (granular maps and associative lists) as upstream's typed comparison sees
 * them: a node that appears is "added" and becomes a member of the writer's set (the {@code "."} entries of
 * Update managedFields), one that vanishes is "removed". Go serialises non-pointer structs even when empty,
 * so on create only nodes it cannot have had are reported: ObjectMeta's collections (all omitempty) and
 * anything inside a list item (the whole item is new).
 */
final class ContainerNodes {

    /** Whether a node counts on create: Go could not have serialised it (or an ancestor) in an empty object. */
    record Node(boolean countsOnCreate) {
    }

    private static final Set<String> META_COLLECTIONS = Set.of("annotations", "finalizers", "labels", "ownerReferences");
    /** Root maps Go omits when empty (ConfigMap, Secret); spec, status and metadata are structs and always present. */
    private static final Set<String> OPTIONAL_ROOT_MAPS = Set.of("data", "binaryData", "stringData");
    private static final Set<String> ROOT_STRUCTS = Set.of("metadata", "spec", "status");
    /**
     * Pointer or omitempty container fields of the common built-in specs (a hand-kept list: which struct
     * fields Go omits is not visible in JSON). Everything below such a field is new with it.
     */
    private static final Set<String> OPTIONAL_FIELDS = Set.of("rollingUpdate", "affinity", "nodeSelector", "volumes",
            "imagePullSecrets", "hostAliases", "topologySpreadConstraints", "initContainers", "ephemeralContainers",
            "securityContext", "dnsConfig", "schedulingGates", "resourceClaims", "overhead", "podFailurePolicy",
            "successPolicy", "persistentVolumeClaimRetentionPolicy", "ordinals");

    private final ObjectFields fields;
    private final PatchSchema schema;
    private final io.k3j.api.GroupVersionKind gvk;

    ContainerNodes(ObjectFields fields, PatchSchema schema, io.k3j.api.GroupVersionKind gvk) {
        this.fields = fields;
        this.schema = schema;
        this.gvk = gvk;
    }

    Map<FieldPath, Node> of(JsonNode object) {
        Map<FieldPath, Node> out = new HashMap<>();
        if (object == null || !object.isObject()) {
            return out;
        }
        object.properties().forEach(e -> {
            if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind") && fields.tracked(e.getKey())) {
                walk(e.getValue(), FieldPath.ROOT.field(e.getKey()), List.of(e.getKey()), false, out);
            }
        });
        return out;
    }

    private void walk(JsonNode node, FieldPath path, List<String> names, boolean freshParent, Map<FieldPath, Node> out) {
        boolean fresh = freshParent || optional(names);
        if (node.isObject()) {
            if (node.isEmpty() || schema.isAtomicMap(gvk, names) || isServerMetadata(names)) {
                return; // leaves, or not tracked at all
            }
            if (!(names.size() == 1 && ROOT_STRUCTS.contains(names.get(0)))) {
                out.put(path, new Node(fresh));
            }
            node.properties().forEach(e -> walk(e.getValue(), path.field(e.getKey()),
                    StrategicMergePatch.append(names, e.getKey()), fresh, out));
        } else if (node.isArray() && !node.isEmpty()) {
            ListStrategy s = fields.listStrategy(names);
            if (s.listType() == ListStrategy.ListType.ATOMIC) {
                return;
            }
            out.put(path, new Node(fresh));
            if (s.listType() == ListStrategy.ListType.MAP) {
                for (JsonNode item : node) {
                    FieldPath itemPath = path.child(ObjectFields.itemKey(s, item));
                    item.properties().forEach(e -> walk(e.getValue(), itemPath.field(e.getKey()),
                            StrategicMergePatch.append(names, e.getKey()), true, out));
                }
            }
        }
    }

    private static boolean optional(List<String> names) {
        int n = names.size();
        String last = names.get(n - 1);
        return n >= 2 && names.get(n - 2).equals("metadata") && META_COLLECTIONS.contains(last)
                || n == 1 && OPTIONAL_ROOT_MAPS.contains(last)
                || n >= 2 && OPTIONAL_FIELDS.contains(last);
    }

    /** managedFields and friends under the root metadata are never tracked. */
    private static boolean isServerMetadata(List<String> names) {
        return names.size() == 2 && names.get(0).equals("metadata") && ObjectFields.SERVER_METADATA.contains(names.get(1));
    }
}
