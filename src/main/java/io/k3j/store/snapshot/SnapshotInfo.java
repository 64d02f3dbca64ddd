package io.k3j.store.snapshot;

import java.nio.file.Path;
import java.time.Instant;

/** One snapshot file under {@code <data-dir>/server/db/snapshots}. */
public record SnapshotInfo(String name, Path path, long size, Instant created) {
}
