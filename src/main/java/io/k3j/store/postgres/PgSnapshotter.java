package io.k3j.store.postgres;

import io.k3j.store.sql.SqlDialect;
import io.k3j.store.snapshot.Snapshotter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * PostgreSQL snapshots: every row of the log table read in one REPEATABLE READ transaction (so the export is the
 * database as of one moment while servers keep writing), written to a small binary file; restore replaces the
 * table's rows in one transaction. Stop every server sharing the database before restoring.
 */
public final class PgSnapshotter implements Snapshotter {

    private static final String MAGIC = "k3j-pg-snapshot-1";
    private static final int PAGE = 1000;

    private final PgEndpoint endpoint;

    public PgSnapshotter(String endpoint) {
        this.endpoint = PgEndpoint.parse(endpoint);
    }

    @Override
    public String suffix() {
        return ".pgsnap";
    }

    private <T> T withPool(Function<Pool, Future<T>> work) throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().connectingTo(endpoint.connect()).using(vertx).build();
        try {
            return work.apply(pool).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } finally {
            pool.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void save(Path target) throws Exception {
        String t = endpoint.table();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(target)))) {
            withPool(pool -> pool.withTransaction(c -> c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute()
                    .compose(v -> c.query("SELECT COALESCE((SELECT v FROM " + t + "_meta WHERE k = '"
                            + SqlDialect.META_COMPACTED + "'), 0)").execute())
                    .compose(rs -> {
                        write(out, w -> {
                            w.writeUTF(MAGIC);
                            w.writeLong(rs.iterator().next().getLong(0));
                        });
                        return page(c, out, 0);
                    })));
            out.writeLong(-1); // end marker
        }
    }

    private Future<Void> page(SqlConnection c, DataOutputStream out, long after) {
        return c.preparedQuery("SELECT " + SqlDialect.COLUMNS + " FROM " + endpoint.table()
                + " WHERE id > $1 ORDER BY id LIMIT " + PAGE).execute(Tuple.of(after)).compose(rs -> {
            long last = after;
            for (Row r : rs) {
                write(out, w -> {
                    w.writeLong(r.getLong(0));
                    w.writeUTF(r.getString(1));
                    for (int i = 2; i < 7; i++) {
                        w.writeLong(r.getLong(i));
                    }
                    bytes(w, r.getBuffer(7));
                    bytes(w, r.getBuffer(8));
                });
                last = r.getLong(0);
            }
            return rs.size() < PAGE ? Future.succeededFuture() : page(c, out, last);
        });
    }

    private static void bytes(DataOutputStream w, Buffer b) throws IOException {
        if (b == null) {
            w.writeInt(-1);
        } else {
            w.writeInt(b.length());
            w.write(b.getBytes());
        }
    }

    private interface IoWrite {
        void run(DataOutputStream out) throws IOException;
    }

    private static void write(DataOutputStream out, IoWrite w) {
        try {
            w.run(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Servers sharing a database cannot be detected from here; the operator is told to stop them. */
    @Override
    public void ensureNotInUse() {
    }

    @Override
    public String restore(Path source) throws Exception {
        List<Tuple> rows = new ArrayList<>();
        long compacted;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(source)))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException(source + " is not a k3j PostgreSQL snapshot");
            }
            compacted = in.readLong();
            while (true) {
                long id = in.readLong();
                if (id == -1) {
                    break;
                }
                String name = in.readUTF();
                Tuple row = Tuple.tuple().addLong(id).addString(name);
                for (int i = 2; i < 7; i++) {
                    row.addLong(in.readLong());
                }
                row.addBuffer(readBytes(in)).addBuffer(readBytes(in));
                rows.add(row);
            }
        } catch (EOFException e) {
            throw new IOException(source + " is truncated", e);
        }
        String t = endpoint.table();
        withPool(pool -> pool.withTransaction(c -> c.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of(t))
                .compose(v -> schema(c))
                .compose(v -> c.query("DELETE FROM " + t).execute())
                .compose(v -> c.query("DELETE FROM " + t + "_meta").execute())
                .compose(v -> insert(c, rows, 0))
                .compose(v -> c.preparedQuery("INSERT INTO " + t + "_meta (k, v) VALUES ($1, $2)")
                        .execute(Tuple.of(SqlDialect.META_COMPACTED, compacted)))
                .compose(v -> c.preparedQuery("SELECT pg_notify($1, '')").execute(Tuple.of(t)))));
        return "table " + t + " of " + endpoint.masked() + " now holds " + rows.size() + " rows from the snapshot";
    }

    /** Restoring into a fresh database: create the tables first. */
    private Future<Void> schema(SqlConnection c) {
        Future<Void> f = c.query("SET LOCAL client_min_messages = warning").execute().mapEmpty();
        for (String ddl : PgBackend.dialect(endpoint.table()).schema()) {
            f = f.compose(v -> c.query(ddl).execute().mapEmpty());
        }
        return f;
    }

    private Future<Void> insert(SqlConnection c, List<Tuple> rows, int from) {
        if (from >= rows.size()) {
            return Future.succeededFuture();
        }
        int to = Math.min(rows.size(), from + PAGE);
        return c.preparedQuery("INSERT INTO " + endpoint.table() + " (" + SqlDialect.COLUMNS
                        + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)").executeBatch(rows.subList(from, to))
                .compose(v -> insert(c, rows, to));
    }

    private static Buffer readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return Buffer.buffer(b);
    }
}
