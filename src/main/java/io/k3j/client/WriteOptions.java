package io.k3j.client;

/** Options of create/update/patch: the field manager (required for apply), force (apply), dry run. */
public record WriteOptions(String fieldManager, boolean force, boolean dryRun) {

    public static WriteOptions manager(String fieldManager) {
        return new WriteOptions(fieldManager, false, false);
    }

    public WriteOptions forced() {
        return new WriteOptions(fieldManager, true, dryRun);
    }
}
