package io.k3j.store.sql;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.RangeResult;
import io.k3j.store.StoreException;
import io.k3j.store.log.Backend;
import io.k3j.store.log.LogState;
import io.k3j.store.log.Outcome;
import io.k3j.store.log.WriteOp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The log over JDBC: one writer thread owns the only writing connection (so each group-commit batch is one
 * transaction and revisions are simply current+1), a small pool of reader threads each owns a read connection.
 * Nothing here runs on an event loop; results go back to the caller's context.
 */
public final class JdbcBackend implements Backend {

    private final Vertx vertx;
    private final JdbcDriver driver;
    private final SqlDialect sql;
    private final ExecutorService writerThread;
    private final ExecutorService readerThreads;
    private final ThreadLocal<Session> readerSession = new ThreadLocal<>();
    private final List<Session> readers = new ArrayList<>();
    private Session writer;         // writer thread only
    private long current;           // writer thread only
    private volatile long compacted;

    public JdbcBackend(Vertx vertx, JdbcDriver driver, int readerCount) {
        this.vertx = vertx;
        this.driver = driver;
        this.sql = driver.dialect();
        this.writerThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("k3j-store-writer").factory());
        this.readerThreads = Executors.newFixedThreadPool(readerCount, Thread.ofPlatform().daemon().name("k3j-store-reader-", 0).factory());
    }

    private <T> Future<T> onWriter(SqlCall<T> call) {
        return Blocking.run(vertx, writerThread, () -> call.apply(writer));
    }

    private <T> Future<T> onReader(SqlCall<T> call) {
        return Blocking.run(vertx, readerThreads, () -> {
            Session c = readerSession.get();
            if (c == null) {
                Connection conn = driver.connect(false);
                conn.setAutoCommit(false);
                c = new Session(conn);
                synchronized (readers) {
                    readers.add(c);
                }
                readerSession.set(c);
            }
            try {
                return call.apply(c);
            } finally {
                // End the read transaction at once: an open snapshot would pin the WAL and stop checkpoints.
                c.rollback();
            }
        });
    }

    @Override
    public Future<LogState> open() {
        return Blocking.run(vertx, writerThread, () -> {
            try {
                Connection conn = driver.connect(true);
                conn.setAutoCommit(false);
                writer = new Session(conn);
                SqlOps.schema(writer, sql);
                compacted = SqlOps.meta(writer, sql, SqlDialect.META_COMPACTED);
                current = Math.max(SqlOps.maxId(writer, sql), compacted);
                writer.commit();
                return new LogState(current, compacted);
            } catch (SQLException e) {
                throw new StoreException.Unavailable("cannot open datastore " + driver.describe() + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public Future<List<Outcome>> commit(List<WriteOp> ops) {
        return Blocking.runHere(writerThread, () -> {
            Session c = writer;
            long rev = current;
            List<Outcome> out = new ArrayList<>(ops.size());
            try {
                for (WriteOp op : ops) {
                    KeyValue latest = SqlOps.latest(c, sql, op.key(), Long.MAX_VALUE);
                    Event e;
                    try {
                        e = op.decide(latest, rev + 1);
                    } catch (StoreException ex) {
                        out.add(Outcome.failed(ex));
                        continue;
                    }
                    SqlOps.insert(c, sql, Rows.of(e, latest));
                    rev++;
                    out.add(Outcome.ok(e));
                }
                c.commit();
            } catch (SQLException ex) {
                c.rollback();
                throw ex;
            }
            current = rev;
            return out;
        });
    }

    @Override
    public Future<KeyValue> latest(String key, long rev) {
        return onReader(c -> SqlOps.latest(c, sql, key, rev <= 0 ? Long.MAX_VALUE : rev));
    }

    @Override
    public Future<RangeResult> range(String from, String end, int limit, long rev) {
        return onReader(c -> {
            long at = rev > 0 ? rev : Math.max(SqlOps.maxId(c, sql), compacted);
            return SqlOps.range(c, sql, from, end, limit, at);
        });
    }

    @Override
    public Future<Long> count(String from, String end, long rev) {
        return onReader(c -> SqlOps.count(c, sql, from, end, rev <= 0 ? Long.MAX_VALUE : rev));
    }

    @Override
    public Future<List<Event>> after(String from, String end, long afterRev, long upTo, int limit) {
        return onReader(c -> SqlOps.after(c, sql, from, end, afterRev, upTo, limit));
    }

    @Override
    public Future<LogState> compact(long revision) {
        return compactChunk(compacted, revision);
    }

    /** Deletes in chunks of 1000 revisions, each its own writer task, so queued commits interleave. */
    private Future<LogState> compactChunk(long from, long target) {
        if (from >= target) {
            return Future.succeededFuture(new LogState(-1, compacted));
        }
        long hi = Math.min(target, from + 1000);
        return onWriter(c -> {
            try {
                SqlOps.compact(c, sql, from, hi);
                SqlOps.putMeta(c, sql, SqlDialect.META_COMPACTED, hi);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            compacted = hi;
            return hi;
        }).compose(done -> compactChunk(done, target));
    }

    @Override
    public Future<List<KeyValue>> expired(long now, int limit) {
        return onReader(c -> SqlOps.expired(c, sql, now, limit));
    }

    @Override
    public Future<LogState> state() {
        return onWriter(c -> new LogState(current, compacted));
    }

    @Override
    public Future<Long> size() {
        return Future.succeededFuture(driver.size());
    }

    @Override
    public long walSize() {
        return driver.walSize();
    }

    @Override
    public Future<Void> maintain() {
        return onWriter(c -> {
            driver.maintain(c.connection());
            return null;
        });
    }

    @Override
    public Future<Void> close() {
        Future<Void> closed = Blocking.run(vertx, writerThread, () -> {
            try {
                if (writer != null) {
                    driver.beforeClose(writer.connection());
                    writer.close();
                }
            } finally {
                driver.afterClose();
            }
            return null;
        });
        return closed.eventually(() -> Blocking.run(vertx, readerThreads, () -> {
            synchronized (readers) {
                for (Session c : readers) {
                    c.close();
                }
            }
            return null;
        })).onComplete(ar -> {
            writerThread.shutdown();
            readerThreads.shutdown();
        });
    }

    /** Waits (blocking) for the worker threads to finish; for callers off the event loop such as the CLI. */
    public boolean awaitTermination(long millis) throws InterruptedException {
        return writerThread.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    @FunctionalInterface
    interface SqlCall<T> {
        T apply(Session c) throws SQLException;
    }
}
