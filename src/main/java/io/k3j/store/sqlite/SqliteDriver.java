package io.k3j.store.sqlite;

import io.k3j.store.sql.JdbcDriver;
import io.k3j.store.sql.SqlDialect;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite: one file in WAL mode, synchronous=FULL so an acknowledged commit survives power loss (the WAL is fsynced
 * on every commit — which is why the writer groups commits). Incremental auto-vacuum and a WAL size limit keep
 * the files bounded once compaction frees pages.
 */
public final class SqliteDriver implements JdbcDriver {

    /** Where the WAL is truncated to after a checkpoint. */
    static final long JOURNAL_SIZE_LIMIT = 8L << 20;

    private final Path file;
    private final SqlDialect dialect;
    private FileLock inUse;     // held from the writer's connect to close

    public SqliteDriver(Path file) {
        this.file = file;
        this.dialect = SqlDialect.of("kv", "INTEGER PRIMARY KEY", "TEXT", "INTEGER", "BLOB", false);
    }

    public Path file() {
        return file;
    }

    @Override
    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public String describe() {
        return "sqlite " + file;
    }

    @Override
    public Connection connect(boolean writer) throws SQLException {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new SQLException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        if (writer) {
            try {
                inUse = FileLock.tryAcquire(file);
            } catch (IOException e) {
                throw new SQLException("cannot lock " + FileLock.lockFile(file) + ": " + e.getMessage(), e);
            }
            if (inUse == null) {
                throw new SQLException(file + " is in use by another k3j process");
            }
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        config.setJournalSizeLimit((int) JOURNAL_SIZE_LIMIT);
        // Readers scan whole key ranges: a larger page cache and memory-mapped reads spare a syscall per page.
        config.setCacheSize(-16_000);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(256L << 20));
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        if (writer) {
            try (Statement s = c.createStatement()) {
                // Incremental auto-vacuum lets freed pages go back to the filesystem. It can only be switched on
                // by a VACUUM, which is instant on the new, empty file (the WAL pragma has already written page 1).
                if (pragma(s, "PRAGMA auto_vacuum") != 2 && pragma(s, "SELECT COUNT(*) FROM sqlite_master") == 0) {
                    s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                    s.execute("VACUUM");
                }
            }
        }
        return c;
    }

    @Override
    public void maintain(Connection writer) throws SQLException {
        writer.setAutoCommit(true);
        try (Statement s = writer.createStatement()) {
            long free = pragma(s, "PRAGMA freelist_count");
            long pages = pragma(s, "PRAGMA page_count");
            if (free > 256 && free * 4 > pages) {
                // Moves live pages down and truncates the freed tail of the file.
                s.execute("PRAGMA incremental_vacuum");
            }
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } finally {
            writer.setAutoCommit(false);
        }
    }

    private static long pragma(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public void beforeClose(Connection writer) throws SQLException {
        writer.setAutoCommit(true);
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    @Override
    public void afterClose() {
        if (inUse != null) {
            try {
                inUse.close();
            } catch (IOException ignored) {
                // the process is letting go of the file anyway
            }
            inUse = null;
        }
    }

    @Override
    public long size() {
        return sizeOf(file);
    }

    @Override
    public long walSize() {
        return sizeOf(file.resolveSibling(file.getFileName() + "-wal"));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
