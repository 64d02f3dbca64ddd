package io.k3j.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops fields a structural schema does not specify, as apiextensions-apiserver does on every write and read
 * of a custom resource. apiVersion, kind and metadata survive at the root and in embedded resources (metadata
 * keeps only ObjectMeta's fields); {@code x-kubernetes-preserve-unknown-fields} keeps unknown fields below a
 * node. The dropped paths ({@code spec.foo}, {@code spec.items[0].bar}) feed fieldValidation Warn/Strict.
 */
public final class Pruner {

    /** ObjectMeta's fields as of Kubernetes 1.33. */
    public static final Set<String> OBJECT_META_FIELDS = Set.of("name", "generateName", "namespace", "selfLink",
            "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
            "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

    private Pruner() {
    }

    /** Prunes a whole custom resource in place; returns the dropped paths in document order. */
    public static List<String> prune(ObjectNode object, StructuralSchema schema) {
        List<String> pruned = new ArrayList<>();
        pruneObject(object, schema, "", true, pruned);
        return pruned;
    }

    private static void prune(JsonNode value, StructuralSchema s, String path, List<String> pruned) {
        if (value == null || s == null) {
            return;
        }
        if (value.isObject()) {
            pruneObject((ObjectNode) value, s, path, s.embeddedResource(), pruned);
        } else if (value.isArray() && s.items() != null) {
            ArrayNode array = (ArrayNode) value;
            for (int i = 0; i < array.size(); i++) {
                prune(array.get(i), s.items(), path + "[" + i + "]", pruned);
            }
        }
    }

    private static void pruneObject(ObjectNode object, StructuralSchema s, String path, boolean resource,
                                    List<String> pruned) {
        boolean keepUnknown = s.preserveUnknownFields() || s.additionalPropertiesAllowed();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String child = SchemaValidator.child(path, key);
            if (resource && key.equals("metadata")) {
                pruneMetadata(e.getValue(), child, pruned);
                continue;
            }
            if (resource && (key.equals("apiVersion") || key.equals("kind")) && !s.properties().containsKey(key)) {
                continue;
            }
            StructuralSchema c = s.child(key);
            if (c != null) {
                prune(e.getValue(), c, child, pruned);
            } else if (!keepUnknown) {
                pruned.add(child);
                it.remove();
            }
        }
    }

    private static void pruneMetadata(JsonNode meta, String path, List<String> pruned) {
        if (!meta.isObject()) {
            return;
        }
        for (Iterator<String> it = meta.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!OBJECT_META_FIELDS.contains(f)) {
                pruned.add(path + "." + f);
                it.remove();
            }
        }
    }
}
