package io.k3j.store.sql;

import java.util.List;

/**
 * Every SQL statement the log needs, written once, as data. A backend supplies only its column types, its extra
 * DDL and its placeholder style; an immutable record so nothing is patched after construction.
 * Columns everywhere: id (the revision), name, created, deleted, create_revision, prev_revision, expires_at,
 * value, old_value.
 */
public record SqlDialect(String table, List<String> schema, String latest, String range, String count,
                         String after, String insert, String maxId, String getMeta, String putMeta,
                         String compact, String compactTombstones, String expired) {

    public static final String COLUMNS =
            "id, name, created, deleted, create_revision, prev_revision, expires_at, value, old_value";

    /** What a reader of current values needs: no previous value, so ranges move half the bytes. */
    public static final String KV_COLUMNS = "id, name, deleted, create_revision, expires_at, value";

    /** Meta keys. */
    public static final String META_COMPACTED = "compact_rev";

    /**
     * @param table   table name (tests use a prefix per test)
     * @param idType  integer type of the revision column, with its key constraint
     * @param textType type of the key column (PostgreSQL needs byte-order collation)
     * @param intType 64-bit integer type
     * @param blobType byte-string type
     * @param numbered whether placeholders are {@code $1..$n} instead of {@code ?}
     */
    public static SqlDialect of(String table, String idType, String textType, String intType, String blobType,
                                boolean numbered) {
        String t = table;
        List<String> schema = List.of(
                "CREATE TABLE IF NOT EXISTS " + t + " (id " + idType + ", name " + textType + " NOT NULL, "
                        + "created " + intType + " NOT NULL, deleted " + intType + " NOT NULL, "
                        + "create_revision " + intType + " NOT NULL, prev_revision " + intType + " NOT NULL, "
                        + "expires_at " + intType + " NOT NULL, value " + blobType + ", old_value " + blobType + ")",
                "CREATE INDEX IF NOT EXISTS " + t + "_name_id ON " + t + " (name, id)",
                // The database, not a JVM lock, is the last line against two writers extending one version.
                "CREATE UNIQUE INDEX IF NOT EXISTS " + t + "_name_prev ON " + t + " (name, prev_revision)",
                "CREATE INDEX IF NOT EXISTS " + t + "_expires ON " + t + " (expires_at) WHERE expires_at > 0",
                "CREATE TABLE IF NOT EXISTS " + t + "_meta (k " + textType + " PRIMARY KEY, v " + intType + " NOT NULL)");
        String newest = "SELECT MAX(id) AS mid FROM " + t + " WHERE name >= ? AND name < ? AND id <= ? GROUP BY name";
        SqlDialect d = new SqlDialect(t, schema,
                "SELECT " + KV_COLUMNS + " FROM " + t + " WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1",
                // Walks the (name, ...) index in key order, checking each row is its key's newest: no sort.
                "SELECT " + prefixed("kv") + " FROM " + t + " kv WHERE kv.name >= ? AND kv.name < ? AND kv.id <= ? "
                        + "AND kv.deleted = 0 AND kv.id = (SELECT MAX(k2.id) FROM " + t + " k2 "
                        + "WHERE k2.name = kv.name AND k2.id <= ?) ORDER BY kv.name LIMIT ?",
                "SELECT COUNT(*) FROM " + t + " kv JOIN (" + newest + ") m ON kv.id = m.mid WHERE kv.deleted = 0",
                "SELECT " + COLUMNS + " FROM " + t + " WHERE id > ? AND id <= ? AND name >= ? AND name < ? "
                        + "ORDER BY id LIMIT ?",
                "INSERT INTO " + t + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "SELECT COALESCE(MAX(id), 0) FROM " + t,
                "SELECT v FROM " + t + "_meta WHERE k = ?",
                "INSERT INTO " + t + "_meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
                // Compaction walks the chunk's rows and deletes what each one superseded (via prev_revision),
                // so an old version goes as soon as its successor is at or below the target, however old it is.
                "DELETE FROM " + t + " WHERE id IN (SELECT prev_revision FROM " + t
                        + " WHERE id > ? AND id <= ? AND prev_revision > 0)",
                "DELETE FROM " + t + " WHERE id > ? AND id <= ? AND deleted = 1",
                "SELECT " + prefixed("kv") + " FROM " + t + " kv WHERE kv.expires_at > 0 AND kv.expires_at <= ? "
                        + "AND kv.deleted = 0 AND kv.id = (SELECT MAX(t2.id) FROM " + t + " t2 WHERE t2.name = kv.name) "
                        + "LIMIT ?");
        return numbered ? d.numbered() : d;
    }

    private static String prefixed(String alias) {
        return alias + "." + KV_COLUMNS.replace(", ", ", " + alias + ".");
    }

    /** The same dialect with another range statement (same parameters), for a database that plans better. */
    public SqlDialect withRange(String rangeSql) {
        return new SqlDialect(table, schema, latest, rangeSql, count, after, insert, maxId, getMeta, putMeta, compact,
                compactTombstones, expired);
    }

    private SqlDialect numbered() {
        return new SqlDialect(table, schema, number(latest), number(range), number(count), number(after),
                number(insert), maxId, number(getMeta), number(putMeta), number(compact),
                number(compactTombstones), number(expired));
    }

    /** {@code ?} → {@code $1, $2, ...} (no statement here has a literal question mark). */
    static String number(String sql) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                b.append('$').append(++n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
