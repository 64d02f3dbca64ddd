package io.k3j.api.patch;

import io.k3j.api.patch.ManagedFieldsEntry.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps at most {@value #MAX_UPDATE_ENTRIES} Update entries, as upstream does, so objects written by many
 * clients do not grow without bound: the oldest ones fold into one "ancient-changes" entry per apiVersion.
 */
final class UpdateManagerCap {

    static final int MAX_UPDATE_ENTRIES = 10;
    static final String ANCIENT = "ancient-changes";

    private UpdateManagerCap() {
    }

    static List<ManagedFieldsEntry> cap(List<ManagedFieldsEntry> entries) {
        List<ManagedFieldsEntry> updates = new ArrayList<>(entries.stream().filter(e -> e.operation() == Operation.Update).toList());
        if (updates.size() <= MAX_UPDATE_ENTRIES) {
            return entries;
        }
        updates.sort(Comparator.comparingLong((ManagedFieldsEntry e) -> e.time() == null ? 0L : e.time().getEpochSecond())
                .thenComparing(ManagedFieldsEntry::identifier));
        List<ManagedFieldsEntry> out = new ArrayList<>(entries);
        Map<String, ManagedFieldsEntry> firstOfVersion = new HashMap<>();
        Map<String, ManagedFieldsEntry> bucketOfVersion = new HashMap<>();
        int length = updates.size();
        for (int i = 0; i < updates.size() && length > MAX_UPDATE_ENTRIES; i++) {
            ManagedFieldsEntry e = updates.get(i);
            String version = e.apiVersion();
            ManagedFieldsEntry first = firstOfVersion.get(version);
            if (first == null) {
                // the first old entry of a version only becomes the bucket when a second one joins it
                firstOfVersion.put(version, e);
                continue;
            }
            ManagedFieldsEntry bucket = bucketOfVersion.get(version);
            if (bucket == null) {
                out.remove(first);
                bucket = first;
            } else {
                out.remove(bucket);
            }
            out.remove(e);
            Instant time = e.time();
            bucket = new ManagedFieldsEntry(ANCIENT, Operation.Update, version, time, "", e.fields().union(bucket.fields()));
            bucketOfVersion.put(version, bucket);
            out.add(bucket);
            length--;
        }
        return out;
    }
}
