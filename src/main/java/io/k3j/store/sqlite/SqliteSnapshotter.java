package io.k3j.store.sqlite;

import io.k3j.store.snapshot.Snapshotter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * SQLite snapshots: {@code VACUUM INTO} copies the database as of one read transaction while the server keeps
 * writing; restore swaps files, keeping the old ones beside as {@code state.db.old-<unix seconds>}.
 */
public final class SqliteSnapshotter implements Snapshotter {

    private final Path db;

    public SqliteSnapshotter(Path db) {
        this.db = db;
    }

    @Override
    public String suffix() {
        return ".db";
    }

    @Override
    public void save(Path target) throws Exception {
        if (!Files.exists(db)) {
            throw new IOException("no datastore at " + db);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 30000");
            s.execute("VACUUM INTO '" + target.toString().replace("'", "''") + "'");
        }
    }

    /** A running server holds the lock file (see {@link FileLock}). */
    @Override
    public void ensureNotInUse() throws Exception {
        if (!Files.exists(db)) {
            return;
        }
        try (FileLock lock = FileLock.tryAcquire(db)) {
            if (lock == null) {
                throw new IOException("the datastore " + db + " is in use: stop the k3j server before restoring");
            }
        }
    }

    @Override
    public String restore(Path source) throws Exception {
        Files.createDirectories(db.getParent());
        try (FileLock lock = FileLock.tryAcquire(db)) {
            if (lock == null) {
                throw new IOException("the datastore " + db + " is in use: stop the k3j server before restoring");
            }
            if (Files.exists(db)) {
                // Fold the WAL in, so moving the files aside moves every committed write with them.
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
            Path old = db.resolveSibling(db.getFileName() + ".old-" + Instant.now().getEpochSecond());
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path p = db.resolveSibling(db.getFileName() + suffix);
                if (Files.exists(p)) {
                    Files.move(p, old.resolveSibling(old.getFileName() + suffix));
                }
            }
            Path tmp = db.resolveSibling(db.getFileName() + ".restoring");
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, db, StandardCopyOption.ATOMIC_MOVE);
            return "the previous datastore was moved to " + old;
        }
    }
}
