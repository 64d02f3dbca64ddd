package io.k3j.bench;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.sqlite.SQLiteConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The floor group commit must beat: one row per transaction, each commit durable, one writer — what a store
 * without batching gets from the same disk.
 */
final class PlainInserts {
    private PlainInserts() {
    }

    static double sqlite(Path file, long millis) throws Exception {
        Files.deleteIfExists(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, value BLOB)");
            }
            byte[] value = new byte[512];
            long n = 0;
            long t0 = System.nanoTime();
            long end = t0 + millis * 1_000_000;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (name, value) VALUES (?, ?)")) {
                while (System.nanoTime() < end) {
                    ps.setString(1, "/plain/" + n);
                    ps.setBytes(2, value);
                    ps.executeUpdate(); // autocommit: one transaction, one fsync
                    n++;
                }
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
        }
    }

    static double postgres(Vertx vertx, String endpoint, long millis) {
        URI u = URI.create(endpoint);
        String[] userInfo = u.getUserInfo().split(":", 2);
        PgConnectOptions o = new PgConnectOptions().setHost(u.getHost()).setPort(u.getPort())
                .setDatabase(u.getPath().substring(1)).setUser(userInfo[0]).setPassword(userInfo[1]);
        Pool pool = PgBuilder.pool().connectingTo(o).using(vertx).build();
        String table = "plain" + System.nanoTime();
        try {
            StoreBench.await(pool.query("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, name TEXT, value BYTEA)").execute());
            long n = 0;
            long t0 = System.nanoTime();
            long end = t0 + millis * 1_000_000;
            while (System.nanoTime() < end) {
                StoreBench.await(pool.preparedQuery("INSERT INTO " + table + " (name, value) VALUES ($1, $2)")
                        .execute(Tuple.of("/plain/" + n, io.vertx.core.buffer.Buffer.buffer(new byte[512]))));
                n++;
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            StoreBench.await(pool.query("DROP TABLE " + table).execute());
            StoreBench.await(pool.close());
        }
    }
}
