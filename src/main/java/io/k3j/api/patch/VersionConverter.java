package io.k3j.api.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts an object to another version of its kind, so field ownership recorded by a manager that wrote in that
 * version (a managedFields entry's apiVersion) is compared in that version's field paths, as upstream's field
 * manager converts the old and new object for each such manager.
 */
@FunctionalInterface
public interface VersionConverter {

    /** No conversions: every version has the same fields (custom resources, single-version kinds). */
    VersionConverter NONE = (obj, apiVersion) -> null;

    /**
     * A copy of {@code obj} in {@code apiVersion}; null when the kind has no distinct versions to convert between
     * (its fields are then compared as they are). Never modifies {@code obj}.
     */
    ObjectNode convert(ObjectNode obj, String apiVersion);
}
