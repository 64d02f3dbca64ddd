package io.k3j.store.snapshot;

import io.k3j.store.Endpoint;
import io.k3j.store.StoreOptions;
import io.k3j.store.sqlite.FileLock;
import io.k3j.store.sqlite.SqliteStoreFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Snapshots of the SQLite datastore: blocking file work for the CLI and for the scheduler's worker thread.
 * {@code save} uses {@code VACUUM INTO}, a consistent online copy that works while the server writes;
 * {@code restore} refuses while another process has the database open for writing.
 */
public final class Snapshots {

    public static final String SUFFIX = ".db";
    public static final String ON_DEMAND = "on-demand";
    public static final String SCHEDULED = "scheduled";

    private final Path db;
    private final Path dir;

    public Snapshots(StoreOptions options) {
        String scheme = Endpoint.parse(options.endpoint()).scheme();
        if (!scheme.equals(Endpoint.SQLITE)) {
            throw new UnsupportedOperationException("snapshots are implemented for the SQLite datastore only, not "
                    + Endpoint.mask(options.endpoint()) + " (use the database's own backup tools)");
        }
        this.db = SqliteStoreFactory.file(options);
        this.dir = options.snapshotDir();
    }

    public Path dir() {
        return dir;
    }

    /** A name like K3s's: {@code <kind>-<node>-<unix seconds>}. */
    public static String defaultName(String kind) {
        String node;
        try {
            node = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            node = "localhost";
        }
        return kind + "-" + node + "-" + Instant.now().getEpochSecond();
    }

    public SnapshotInfo save(String name) throws IOException, SQLException {
        checkName(name);
        if (!Files.exists(db)) {
            throw new IOException("no datastore at " + db);
        }
        Files.createDirectories(dir);
        Path target = dir.resolve(name + SUFFIX);
        if (Files.exists(target)) {
            throw new IOException("snapshot " + name + " exists");
        }
        Path tmp = dir.resolve(name + SUFFIX + ".part");
        Files.deleteIfExists(tmp);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 30000");
            // One read transaction: the copy is the database as of a single commit.
            s.execute("VACUUM INTO '" + tmp.toString().replace("'", "''") + "'");
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return info(target);
    }

    public List<SnapshotInfo> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SnapshotInfo> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList()) {
                out.add(info(p));
            }
        }
        out.sort(Comparator.comparing(SnapshotInfo::created).thenComparing(SnapshotInfo::name));
        return out;
    }

    public boolean delete(String name) throws IOException {
        checkName(name);
        return Files.deleteIfExists(dir.resolve(name + SUFFIX));
    }

    /** Keeps the newest {@code keep} snapshots whose name starts with {@code kind}; returns the names removed. */
    public List<String> prune(String kind, int keep) throws IOException {
        List<SnapshotInfo> mine = list().stream().filter(s -> s.name().startsWith(kind + "-")).toList();
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < mine.size() - keep; i++) {
            Files.deleteIfExists(mine.get(i).path());
            removed.add(mine.get(i).name());
        }
        return removed;
    }

    /**
     * Replaces the datastore with snapshot {@code name}. The server must be stopped; the current files are kept
     * beside it as {@code state.db.old-<unix seconds>}. Returns that path.
     */
    public Path restore(String name) throws IOException, SQLException {
        checkName(name);
        Path snap = dir.resolve(name + SUFFIX);
        if (!Files.exists(snap)) {
            throw new IOException("no snapshot " + name + " in " + dir);
        }
        Files.createDirectories(db.getParent());
        if (Files.exists(db)) {
            ensureNotInUse();
        }
        Path old = db.resolveSibling(db.getFileName() + ".old-" + Instant.now().getEpochSecond());
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path p = db.resolveSibling(db.getFileName() + suffix);
            if (Files.exists(p)) {
                Files.move(p, old.resolveSibling(old.getFileName() + suffix));
            }
        }
        Path tmp = db.resolveSibling(db.getFileName() + ".restoring");
        Files.copy(snap, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, db, StandardCopyOption.ATOMIC_MOVE);
        return old;
    }

    /** A running server holds the lock file (see {@link FileLock}); refuse to pull the database from under it. */
    private void ensureNotInUse() throws IOException, SQLException {
        try (FileLock lock = FileLock.tryAcquire(db)) {
            if (lock == null) {
                throw new IOException("the datastore " + db + " is in use: stop the k3j server before restoring");
            }
            // Fold the WAL in, so moving the files aside moves every committed write with them.
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    private static SnapshotInfo info(Path p) throws IOException {
        String file = p.getFileName().toString();
        return new SnapshotInfo(file.substring(0, file.length() - SUFFIX.length()), p, Files.size(p),
                Files.getLastModifiedTime(p).toInstant());
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}")) {
            throw new IllegalArgumentException("invalid snapshot name: " + name);
        }
    }
}
