package io.k3j.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Datastore settings, immutable.
 *
 * @param endpoint            null/empty = SQLite under the data dir; else {@code scheme://...} picked by {@link StoreRegistry}
 * @param dataDir             the server's data dir; SQLite lives in {@code server/db/state.db}
 * @param compactionInterval  how often the background compactor runs
 * @param retainAtLeast       history younger than this is never compacted
 * @param retainRevisions     the newest this-many revisions are never compacted
 * @param leaseCheckInterval  how often expired leases are looked for
 * @param watchBuffer         events a watcher may have undelivered before it is closed as lagging
 * @param snapshotCron        five-field cron for scheduled snapshots; null/empty disables them
 * @param snapshotRetention   scheduled snapshots kept
 */
public record StoreOptions(String endpoint, Path dataDir, Duration compactionInterval, Duration retainAtLeast,
                           long retainRevisions, Duration leaseCheckInterval, int watchBuffer,
                           String snapshotCron, int snapshotRetention) {

    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/rancher/k3j");
    public static final String DEFAULT_SNAPSHOT_CRON = "0 */12 * * *";
    public static final int DEFAULT_SNAPSHOT_RETENTION = 5;
    /** The API server's default lease for Event objects. */
    public static final Duration DEFAULT_EVENT_TTL = Duration.ofHours(1);

    public StoreOptions {
        if (dataDir == null) {
            dataDir = DEFAULT_DATA_DIR;
        }
        if (retainRevisions < 0 || watchBuffer <= 0 || snapshotRetention < 1) {
            throw new IllegalArgumentException("retainRevisions >= 0, watchBuffer > 0 and snapshotRetention >= 1 required");
        }
    }

    public static StoreOptions defaults(Path dataDir) {
        return new StoreOptions(null, dataDir, Duration.ofMinutes(1), Duration.ofMinutes(5), 1000,
                Duration.ofSeconds(1), 10_000, DEFAULT_SNAPSHOT_CRON, DEFAULT_SNAPSHOT_RETENTION);
    }

    public StoreOptions withEndpoint(String e) {
        return new StoreOptions(e, dataDir, compactionInterval, retainAtLeast, retainRevisions, leaseCheckInterval,
                watchBuffer, snapshotCron, snapshotRetention);
    }

    public StoreOptions withCompaction(Duration interval, Duration atLeast, long revisions) {
        return new StoreOptions(endpoint, dataDir, interval, atLeast, revisions, leaseCheckInterval, watchBuffer,
                snapshotCron, snapshotRetention);
    }

    public StoreOptions withLeaseCheckInterval(Duration d) {
        return new StoreOptions(endpoint, dataDir, compactionInterval, retainAtLeast, retainRevisions, d, watchBuffer,
                snapshotCron, snapshotRetention);
    }

    public StoreOptions withWatchBuffer(int events) {
        return new StoreOptions(endpoint, dataDir, compactionInterval, retainAtLeast, retainRevisions,
                leaseCheckInterval, events, snapshotCron, snapshotRetention);
    }

    public StoreOptions withSnapshots(String cron, int retention) {
        return new StoreOptions(endpoint, dataDir, compactionInterval, retainAtLeast, retainRevisions,
                leaseCheckInterval, watchBuffer, cron, retention);
    }

    /** {@code <data-dir>/server/db}: SQLite file and snapshots. */
    public Path dbDir() {
        return dataDir.resolve("server").resolve("db");
    }

    public Path snapshotDir() {
        return dbDir().resolve("snapshots");
    }
}
