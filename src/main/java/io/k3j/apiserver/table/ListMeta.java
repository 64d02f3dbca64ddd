package io.k3j.apiserver.table;

/**
 * List metadata the caller copies into the Table: the list's resourceVersion, continue token and
 * remainingItemCount (null or empty values are omitted, as in the list itself).
 */
public record ListMeta(String resourceVersion, String continueToken, Long remainingItemCount) {

    public static final ListMeta EMPTY = new ListMeta(null, null, null);

    public static ListMeta of(String resourceVersion) {
        return new ListMeta(resourceVersion, null, null);
    }
}
