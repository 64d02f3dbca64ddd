package io.k3j.api.patch;

import io.k3j.api.GroupVersionKind;
import java.util.List;
import java.util.Optional;

/**
 * Merge metadata for the patch engines, looked up by kind and by the path of field names from the object's
 * root (list elements are transparent: {@code spec.template.spec.containers.env}). A schema answers only
 * what it knows; anything it does not know merges as upstream's defaults (maps granular, lists replaced
 * or atomic).
 */
public interface PatchSchema {

    /** Whether strategic merge patch is defined for this kind (false for custom resources: upstream 415). */
    boolean supportsStrategicMerge(GroupVersionKind gvk);

    /** The list strategy of the list field at {@code path}, if the schema declares one. */
    Optional<ListStrategy> lookup(GroupVersionKind gvk, List<String> path);

    /** Whether the object field at {@code path} is an atomic struct for apply (e.g. a LabelSelector). */
    boolean isAtomicMap(GroupVersionKind gvk, List<String> path);

    /** A schema that knows nothing: custom resources without structural hints. */
    PatchSchema EMPTY = new PatchSchema() {
        @Override
        public boolean supportsStrategicMerge(GroupVersionKind gvk) {
            return false;
        }

        @Override
        public Optional<ListStrategy> lookup(GroupVersionKind gvk, List<String> path) {
            return Optional.empty();
        }

        @Override
        public boolean isAtomicMap(GroupVersionKind gvk, List<String> path) {
            return false;
        }
    };
}
