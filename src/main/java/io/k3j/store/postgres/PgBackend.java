package io.k3j.store.postgres;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.RangeResult;
import io.k3j.store.StoreException;
import io.k3j.store.log.Backend;
import io.k3j.store.log.BatchDecision;
import io.k3j.store.log.LogState;
import io.k3j.store.log.Outcome;
import io.k3j.store.log.WriteOp;
import io.k3j.store.sql.Rows;
import io.k3j.store.sql.SqlDialect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL through the non-blocking Vert.x client, shared by several servers. Each batch takes a
 * transaction-scoped advisory lock and numbers its rows max(id)+1..: PostgreSQL releases that lock only after the
 * commit is visible, so revisions become visible strictly in order and no watcher can see a gap. The commit sends
 * a NOTIFY; every server LISTENs and catches up by reading rows after the last revision it has seen.
 */
final class PgBackend implements Backend {

    private final Vertx vertx;
    private final PgEndpoint endpoint;
    private final SqlDialect sql;
    private final String current;
    private final String newestOf;
    private final Pool pool;
    private final PgSubscriber subscriber;

    PgBackend(Vertx vertx, PgEndpoint endpoint) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.sql = dialect(endpoint.table());
        this.current = "SELECT GREATEST(COALESCE((SELECT MAX(id) FROM " + endpoint.table() + "), 0), COALESCE((SELECT v FROM "
                + endpoint.table() + "_meta WHERE k = '" + SqlDialect.META_COMPACTED + "'), 0)), COALESCE((SELECT v FROM "
                + endpoint.table() + "_meta WHERE k = '" + SqlDialect.META_COMPACTED + "'), 0)";
        this.newestOf = "SELECT DISTINCT ON (name) " + SqlDialect.KV_COLUMNS + " FROM " + endpoint.table()
                + " WHERE name = ANY($1) ORDER BY name, id DESC";
        this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(endpoint.connect())
                .using(vertx).build();
        this.subscriber = PgSubscriber.subscriber(vertx, endpoint.connect())
                .reconnectPolicy(retries -> 200L);
    }

    /** Byte-order collation on keys, so ranges match Java's (and SQLite's) ordering. */
    static SqlDialect dialect(String table) {
        // PostgreSQL reads a key range's newest versions fastest as one ordered DISTINCT ON pass.
        return SqlDialect.of(table, "BIGINT PRIMARY KEY", "TEXT COLLATE \"C\"", "BIGINT", "BYTEA", true)
                .withRange("SELECT " + SqlDialect.KV_COLUMNS + " FROM (SELECT DISTINCT ON (name) "
                        + SqlDialect.KV_COLUMNS + " FROM " + table + " WHERE name >= $1 AND name < $2 AND id <= $3 "
                        + "AND id <= $4 ORDER BY name, id DESC) newest WHERE deleted = 0 ORDER BY name LIMIT $5");
    }

    private StoreException unavailable(Throwable e) {
        return e instanceof StoreException se ? se
                : new StoreException.Unavailable("datastore " + endpoint.masked() + ": " + e.getMessage(), e);
    }

    /** Serialises writers of this table across every server sharing the database. */
    private Future<Void> lock(SqlConnection c) {
        return c.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of(endpoint.table()))
                .mapEmpty();
    }

    @Override
    public Future<LogState> open() {
        Future<LogState> opened = pool.withTransaction(c -> {
            // "already exists, skipping" notices from the second server are not news.
            Future<Void> f = lock(c).compose(v -> c.query("SET LOCAL client_min_messages = warning").execute().mapEmpty());
            for (String ddl : sql.schema()) {
                f = f.compose(v -> c.query(ddl).execute().mapEmpty());
            }
            return f.compose(v -> readState(c));
        }).compose(state -> subscriber.connect().map(state));
        return opened.recover(e -> Future.failedFuture(new StoreException.Unavailable(
                "cannot open datastore " + endpoint.masked() + ": " + e.getMessage(), e)));
    }

    private Future<LogState> readState(SqlClient c) {
        return c.query(current).execute().map(rs -> {
            Row r = rs.iterator().next();
            return new LogState(r.getLong(0), r.getLong(1));
        });
    }

    @Override
    public void onRemoteChange(Runnable callback) {
        subscriber.channel(endpoint.table()).handler(payload -> callback.run())
                // After a reconnect notifications may have been missed: catch up once subscribed.
                .subscribeHandler(v -> callback.run());
    }

    @Override
    public boolean shared() {
        return true;
    }

    /**
     * One transaction, a fixed number of round trips however large the batch: lock, read the revision and the
     * newest row of every key in the batch, decide in memory, insert all rows, notify. Statements are pipelined:
     * PostgreSQL runs them in order and each takes its snapshot when it starts, so the reads sent with the lock
     * still see everything committed before the lock was granted.
     */
    @Override
    public Future<List<Outcome>> commit(List<WriteOp> ops) {
        String[] keys = ops.stream().map(WriteOp::key).distinct().toArray(String[]::new);
        return pool.withTransaction(c -> {
            Future<Void> locked = lock(c);
            Future<LogState> state = readState(c);
            Future<RowSet<Row>> rows = c.preparedQuery(newestOf).execute(Tuple.tuple().addArrayOfString(keys));
            return Future.all(locked, state, rows).compose(all -> {
                Map<String, KeyValue> newest = new HashMap<>();
                for (Row r : rows.result()) {
                    KeyValue kv = kv(r);
                    newest.put(kv.key(), kv);
                }
                BatchDecision d = BatchDecision.decide(ops, newest, state.result().current());
                if (d.applied().isEmpty()) {
                    return Future.succeededFuture(d.outcomes());
                }
                List<Tuple> inserts = new ArrayList<>(d.applied().size());
                for (BatchDecision.Applied a : d.applied()) {
                    inserts.add(insertTuple(Rows.of(a.event(), a.replaced())));
                }
                return Future.all(c.preparedQuery(sql.insert()).executeBatch(inserts),
                                c.preparedQuery("SELECT pg_notify($1, '')").execute(Tuple.of(endpoint.table())))
                        .map(d.outcomes());
            });
        }).recover(e -> Future.failedFuture(unavailable(e)));
    }

    private static Tuple insertTuple(Rows.Row r) {
        return Tuple.tuple().addLong(r.id()).addString(r.name()).addLong(r.created() ? 1L : 0L)
                .addLong(r.deleted() ? 1L : 0L).addLong(r.createRevision()).addLong(r.prevRevision())
                .addLong(r.expiresAt()).addBuffer(buf(r.value())).addBuffer(buf(r.oldValue()));
    }

    private static Buffer buf(byte[] b) {
        return b == null ? null : Buffer.buffer(b);
    }

    private static KeyValue kv(Row r) {
        Buffer v = r.getBuffer(5);
        return Rows.kv(r.getLong(0), r.getString(1), r.getLong(2) != 0, r.getLong(3), r.getLong(4),
                v == null ? null : v.getBytes());
    }

    private static Rows.Row row(Row r) {
        Buffer v = r.getBuffer(7);
        Buffer old = r.getBuffer(8);
        return new Rows.Row(r.getLong(0), r.getString(1), r.getLong(2) != 0, r.getLong(3) != 0, r.getLong(4),
                r.getLong(5), r.getLong(6), v == null ? null : v.getBytes(), old == null ? null : old.getBytes());
    }

    private Future<KeyValue> latestOn(SqlClient c, String key, long rev) {
        return c.preparedQuery(sql.latest()).execute(Tuple.of(key, rev))
                .map(rs -> rs.size() == 0 ? null : kv(rs.iterator().next()));
    }

    @Override
    public Future<KeyValue> latest(String key, long rev) {
        return latestOn(pool, key, rev <= 0 ? Long.MAX_VALUE : rev).recover(e -> Future.failedFuture(unavailable(e)));
    }

    @Override
    public Future<RangeResult> range(String fromKey, String end, int limit, long rev) {
        // TEXT cannot hold NUL; the API server's "continue after k" is k + "\0", and k + "\1" sorts the same.
        String from = fromKey.replace('\0', '\1');
        // Rows above the revision we read first cannot affect the page, so no snapshot transaction is needed.
        Future<Long> at = rev > 0 ? Future.succeededFuture(rev) : readState(pool).map(LogState::current);
        return at.compose(r -> pool.preparedQuery(sql.range())
                        .execute(Tuple.of(from, end, r, r, limit > 0 ? limit + 1L : Long.MAX_VALUE))
                        .map(rs -> page(rs, limit, r)))
                .recover(e -> Future.failedFuture(unavailable(e)));
    }

    private static RangeResult page(RowSet<Row> rs, int limit, long rev) {
        List<KeyValue> out = new ArrayList<>();
        boolean more = false;
        for (Row r : rs) {
            if (limit > 0 && out.size() == limit) {
                more = true;
                break;
            }
            out.add(kv(r));
        }
        return new RangeResult(out, rev, more);
    }

    @Override
    public Future<Long> count(String from, String end, long rev) {
        return pool.preparedQuery(sql.count()).execute(Tuple.of(from, end, rev <= 0 ? Long.MAX_VALUE : rev))
                .map(rs -> rs.iterator().next().getLong(0)).recover(e -> Future.failedFuture(unavailable(e)));
    }

    @Override
    public Future<List<Event>> after(String from, String end, long afterRev, long upTo, int limit) {
        return pool.preparedQuery(sql.after()).execute(Tuple.of(afterRev, upTo, from, end, limit)).map(rs -> {
            List<Event> out = new ArrayList<>(rs.size());
            for (Row r : rs) {
                out.add(row(r).event());
            }
            return out;
        }).recover(e -> Future.failedFuture(unavailable(e)));
    }

    @Override
    public Future<LogState> compact(long revision) {
        return state().compose(s -> chunk(s.compacted(), revision)).recover(e -> Future.failedFuture(unavailable(e)));
    }

    /**
     * One transaction per 1000 revisions, so writers (who need the same lock) wait for one chunk at most. Each
     * chunk re-reads the compacted revision under the lock: another server may have compacted further meanwhile.
     */
    private Future<LogState> chunk(long from, long target) {
        if (from >= target) {
            return state();
        }
        return pool.withTransaction(c -> lock(c).compose(v -> readState(c)).compose(s -> {
            long start = Math.max(from, s.compacted());
            if (start >= target) {
                return Future.succeededFuture(start);
            }
            long hi = Math.min(target, start + 1000);
            return c.preparedQuery(sql.compact()).execute(Tuple.of(start, hi))
                    .compose(x -> c.preparedQuery(sql.compactTombstones()).execute(Tuple.of(start, hi)))
                    .compose(x -> c.preparedQuery(sql.putMeta()).execute(Tuple.of(SqlDialect.META_COMPACTED, hi)))
                    .map(hi);
        })).compose(done -> chunk(done, target));
    }

    @Override
    public Future<List<KeyValue>> expired(long now, int limit) {
        return pool.preparedQuery(sql.expired()).execute(Tuple.of(now, limit)).map(rs -> {
            List<KeyValue> out = new ArrayList<>();
            for (Row r : rs) {
                out.add(kv(r));
            }
            return out;
        });
    }

    @Override
    public Future<LogState> state() {
        return readState(pool).recover(e -> Future.failedFuture(unavailable(e)));
    }

    @Override
    public Future<Long> size() {
        return pool.preparedQuery("SELECT pg_total_relation_size($1::regclass)").execute(Tuple.of(endpoint.table()))
                .map(rs -> rs.iterator().next().getLong(0)).otherwise(0L);
    }

    @Override
    public Future<Void> close() {
        return subscriber.close().eventually(pool::close);
    }
}
