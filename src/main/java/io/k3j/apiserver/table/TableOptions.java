package io.k3j.apiserver.table;

import java.util.Objects;

/**
 * The request's TableOptions. {@code includeObject} defaults to METADATA, as kube-apiserver's does; {@code noHeaders}
 * drops columnDefinitions (watch events after the first).
 */
public record TableOptions(IncludeObject includeObject, boolean noHeaders) {

    public enum IncludeObject {
        NONE, METADATA, OBJECT;

        /**
         * Parses the {@code includeObject} query parameter; null or "" is METADATA.
         *
         * @throws IllegalArgumentException with upstream's message for any other value (a 400 for the caller)
         */
        public static IncludeObject parse(String value) {
            return switch (value == null ? "" : value) {
                case "", "Metadata" -> METADATA;
                case "Object" -> OBJECT;
                case "None" -> NONE;
                default -> throw new IllegalArgumentException("includeObject: Unsupported value: \"" + value
                        + "\": must be 'Metadata', 'Object', 'None', or empty");
            };
        }
    }

    public static final TableOptions DEFAULT = new TableOptions(IncludeObject.METADATA, false);

    public TableOptions {
        Objects.requireNonNull(includeObject, "includeObject");
    }
}
