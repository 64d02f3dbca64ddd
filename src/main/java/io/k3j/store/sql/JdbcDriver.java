package io.k3j.store.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** What a JDBC database adds to the shared {@link JdbcBackend}: connections, housekeeping, size. */
public interface JdbcDriver {

    SqlDialect dialect();

    /** Human-readable location for messages (passwords masked). */
    String describe();

    /** A new connection; the writer's is used for every write, readers get their own. */
    Connection connect(boolean writer) throws SQLException;

    /** Runs on the writer connection after compaction (checkpoint, reclaim pages). */
    default void maintain(Connection writer) throws SQLException {
    }

    /** Runs on the writer connection at close. */
    default void beforeClose(Connection writer) throws SQLException {
    }

    /** Runs on the writer thread after the writer connection closed (or failed to open). */
    default void afterClose() {
    }

    long size();

    default long walSize() {
        return 0;
    }
}
