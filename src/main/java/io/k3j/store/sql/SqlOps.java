package io.k3j.store.sql;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.RangeResult;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The JDBC side of each {@link SqlDialect} statement. */
final class SqlOps {
    private SqlOps() {
    }

    static void schema(Session c, SqlDialect sql) throws SQLException {
        try (Statement s = c.connection().createStatement()) {
            for (String ddl : sql.schema()) {
                s.execute(ddl);
            }
        }
    }

    static long meta(Session c, SqlDialect sql, String key) throws SQLException {
        PreparedStatement ps = c.prepare(sql.getMeta());
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static void putMeta(Session c, SqlDialect sql, String key, long value) throws SQLException {
        PreparedStatement ps = c.prepare(sql.putMeta());
        ps.setString(1, key);
        ps.setLong(2, value);
        ps.executeUpdate();
    }

    static long maxId(Session c, SqlDialect sql) throws SQLException {
        try (Statement s = c.connection().createStatement(); ResultSet rs = s.executeQuery(sql.maxId())) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static KeyValue latest(Session c, SqlDialect sql, String key, long rev) throws SQLException {
        PreparedStatement ps = c.prepare(sql.latest());
        ps.setString(1, key);
        ps.setLong(2, rev);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? kv(rs) : null;
        }
    }

    static void insert(Session c, SqlDialect sql, Rows.Row r) throws SQLException {
        PreparedStatement ps = c.prepare(sql.insert());
        ps.setLong(1, r.id());
        ps.setString(2, r.name());
        ps.setInt(3, r.created() ? 1 : 0);
        ps.setInt(4, r.deleted() ? 1 : 0);
        ps.setLong(5, r.createRevision());
        ps.setLong(6, r.prevRevision());
        ps.setLong(7, r.expiresAt());
        bytes(ps, 8, r.value());
        bytes(ps, 9, r.oldValue());
        ps.executeUpdate();
    }

    private static void bytes(PreparedStatement ps, int i, byte[] b) throws SQLException {
        if (b == null) {
            ps.setNull(i, Types.BLOB);
        } else {
            ps.setBytes(i, b);
        }
    }

    static RangeResult range(Session c, SqlDialect sql, String from, String end, int limit, long rev)
            throws SQLException {
        PreparedStatement ps = c.prepare(sql.range());
        ps.setString(1, from);
        ps.setString(2, end);
        ps.setLong(3, rev);
        ps.setLong(4, rev);
        ps.setLong(5, limit > 0 ? limit + 1L : Long.MAX_VALUE);
        List<KeyValue> out = new ArrayList<>();
        boolean more = false;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (limit > 0 && out.size() == limit) {
                    more = true;
                    break;
                }
                out.add(kv(rs));
            }
        }
        return new RangeResult(out, rev, more);
    }

    static long count(Session c, SqlDialect sql, String from, String end, long rev) throws SQLException {
        PreparedStatement ps = c.prepare(sql.count());
        ps.setString(1, from);
        ps.setString(2, end);
        ps.setLong(3, rev);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static List<Event> after(Session c, SqlDialect sql, String from, String end, long afterRev, long upTo,
                             int limit) throws SQLException {
        PreparedStatement ps = c.prepare(sql.after());
        ps.setLong(1, afterRev);
        ps.setLong(2, upTo);
        ps.setString(3, from);
        ps.setString(4, end);
        ps.setInt(5, limit);
        List<Event> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs).event());
            }
        }
        return out;
    }

    static int compact(Session c, SqlDialect sql, long from, long to) throws SQLException {
        int n = 0;
        for (String stmt : List.of(sql.compact(), sql.compactTombstones())) {
            PreparedStatement ps = c.prepare(stmt);
            ps.setLong(1, from);
            ps.setLong(2, to);
            n += ps.executeUpdate();
        }
        return n;
    }

    static List<KeyValue> expired(Session c, SqlDialect sql, long now, int limit) throws SQLException {
        PreparedStatement ps = c.prepare(sql.expired());
        ps.setLong(1, now);
        ps.setInt(2, limit);
        List<KeyValue> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(kv(rs));
            }
        }
        return out;
    }

    private static KeyValue kv(ResultSet rs) throws SQLException {
        return Rows.kv(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getLong(4), rs.getLong(5), rs.getBytes(6));
    }

    private static Rows.Row row(ResultSet rs) throws SQLException {
        return new Rows.Row(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getInt(4) != 0, rs.getLong(5),
                rs.getLong(6), rs.getLong(7), rs.getBytes(8), rs.getBytes(9));
    }
}
