package io.k3j.store;

/**
 * Outcome of a successful create, update or delete.
 *
 * @param revision the new revision of the store, which is the written key's modRevision
 * @param kv       the version now stored (a tombstone after a delete)
 * @param prev     the version replaced, null after a create
 */
public record WriteResult(long revision, KeyValue kv, KeyValue prev) {
}
