package io.k3j.apiserver.rest;

/**
 * Where a list is served from, by upstream's resourceVersion rules: the watch cache for "any" ("0"), "not older
 * than N" and unpaginated "most recent" ("", a consistent read: the cache first catches up with the store), the
 * store for paginated most-recent lists, continuations and {@code resourceVersionMatch=Exact}.
 *
 * @param minRevision   for the cache: 0 = any, -1 = the store's latest, N = at least N
 * @param exactRevision for the store: the revision to read at, 0 = latest
 */
public record ListSource(boolean fromCache, long minRevision, long exactRevision) {

    public static ListSource of(String rv, String match, String limit, String cont) {
        rv = rv == null ? "" : rv;
        match = match == null ? "" : match;
        boolean paged = limit != null && !limit.isEmpty() && !limit.equals("0") || cont != null && !cont.isEmpty();
        if (!match.isEmpty()) {
            if (!match.equals("NotOlderThan") && !match.equals("Exact")) {
                throw invalid("FieldValueNotSupported", "Unsupported value: \"" + match
                        + "\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
            }
            if (rv.isEmpty()) {
                throw invalid("FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
            }
            if (cont != null && !cont.isEmpty()) {
                throw invalid("FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden when continue is provided");
            }
            if (match.equals("Exact") && rv.equals("0")) {
                throw invalid("FieldValueForbidden", "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
            }
        }
        long n = parse(rv);
        if (match.equals("Exact")) {
            return new ListSource(false, 0, n);
        }
        if (rv.equals("0")) {
            return new ListSource(true, 0, 0);
        }
        if (cont != null && !cont.isEmpty()) {
            return new ListSource(false, 0, 0);
        }
        if (rv.isEmpty()) {
            return paged ? new ListSource(false, 0, 0) : new ListSource(true, -1, 0);
        }
        return paged ? new ListSource(false, 0, 0) : new ListSource(true, n, 0);
    }

    private static long parse(String rv) {
        if (rv.isEmpty()) {
            return 0;
        }
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "BadRequest", "invalid resource version: " + rv, null);
        }
    }

    private static ApiError invalid(String type, String detail) {
        return ApiError.invalid("ListOptions", "meta.k8s.io", "", "resourceVersionMatch", type, detail);
    }
}
