package io.k3j.store.log;

/** Revision bookkeeping read from a backend. */
public record LogState(long current, long compacted) {
}
