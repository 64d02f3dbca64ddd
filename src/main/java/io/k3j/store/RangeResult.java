package io.k3j.store;

import java.util.List;

/**
 * A page of live keys in key order.
 *
 * @param kvs      at most {@code limit} keys
 * @param revision the revision the page was read at; pass it back for the next page so pages are consistent
 * @param more     whether keys remain after the last one (the API server's {@code continue})
 */
public record RangeResult(List<KeyValue> kvs, long revision, boolean more) {
    public RangeResult {
        kvs = List.copyOf(kvs);
    }
}
