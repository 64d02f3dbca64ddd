package io.k3j.apiserver.table;

import java.util.Locale;

/**
 * Reads an Accept header the way kube-apiserver negotiates Tables: media ranges are tried in order; a Table range
 * ({@code application/json;as=Table;v=v1;g=meta.k8s.io}) wins if its group/version is served, an unknown Table
 * version is skipped, and a range without {@code as=} means "no Table" (the HTTP layer then picks JSON, YAML or
 * protobuf itself). Only Table-like ranges that cannot be served mean 406. Parsing only; no HTTP here.
 */
public final class TableAccept {

    /** What to send back. */
    public enum Outcome {
        /** A {@code meta.k8s.io/v1} Table. */
        TABLE_V1,
        /** A {@code meta.k8s.io/v1beta1} Table (same shape, older apiVersion). */
        TABLE_V1BETA1,
        /** The plain object or list. */
        PLAIN,
        /** 406 Not Acceptable. */
        NOT_ACCEPTABLE
    }

    private TableAccept() {
    }

    public static Outcome negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return Outcome.PLAIN;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            String as = null, version = null, group = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].strip().split("=", 2);
                if (kv.length == 2) {
                    switch (kv[0].strip()) {
                        case "as" -> as = kv[1].strip();
                        case "v" -> version = kv[1].strip();
                        case "g" -> group = kv[1].strip();
                        default -> { } // q and other parameters do not change the choice here
                    }
                }
            }
            if (as == null) {
                return Outcome.PLAIN; // a media type for the object itself; the HTTP layer picks the encoding
            }
            boolean json = type.equals("application/json") || type.equals("application/*") || type.equals("*/*");
            if (json && as.equals("Table") && "meta.k8s.io".equals(group)) {
                if ("v1".equals(version)) {
                    return Outcome.TABLE_V1;
                }
                if ("v1beta1".equals(version)) {
                    return Outcome.TABLE_V1BETA1;
                }
            }
            // Other "as" targets (PartialObjectMetadata…) or unknown versions: try the next range.
        }
        return Outcome.NOT_ACCEPTABLE;
    }
}
