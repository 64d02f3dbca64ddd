package io.k3j.store.log;

import io.k3j.store.Event;
import io.k3j.store.EventBatch;
import io.k3j.store.EventBatchCodec;
import io.k3j.store.GetResult;
import io.k3j.store.RangeResult;
import io.k3j.store.Store;
import io.k3j.store.StoreAddresses;
import io.k3j.store.StoreException;
import io.k3j.store.StoreOptions;
import io.k3j.store.WatchListener;
import io.k3j.store.Watcher;
import io.k3j.store.WriteResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * The {@link Store} every backend shares: MVCC semantics over a {@link Backend}'s log, group commit, watch fan-out,
 * event-bus publication, compaction and leases. A backend only stores and reads rows.
 */
public final class LogStore implements Store {

    private static final Logger LOG = Logger.getLogger(LogStore.class.getName());
    private static final int MAX_BATCH = 1000;
    private static final int RING = 10_000;

    private final Vertx vertx;
    private final Backend backend;
    private final StoreMetrics metrics;
    private final GroupCommitter committer;
    private final WatchHub hub;
    private final Poller poller;
    private final Compactor compactor;
    private final LeaseReaper reaper;
    private final long sizeTimer;
    private final DeliveryOptions localOnly = new DeliveryOptions().setLocalOnly(true);
    private volatile long compacted;
    private long delivered;       // newest revision handed to hub and bus; guarded by this
    private volatile boolean closed;

    private LogStore(Vertx vertx, Backend backend, StoreOptions options, StoreMetrics metrics, LogState state) {
        this.vertx = vertx;
        this.backend = backend;
        this.metrics = metrics;
        this.compacted = state.compacted();
        this.delivered = state.current();
        metrics.revision(state.current());
        metrics.compacted(state.compacted());
        EventBatchCodec.register(vertx);
        this.hub = new WatchHub(backend, state.current(), RING, options.watchBuffer(), () -> compacted, metrics);
        if (backend.shared()) {
            poller = new Poller(vertx, backend, hub::revision, events -> deliver(events, false),
                    seen -> hub.closeAll(new StoreException.Compacted(seen, seen + 1)));
            // Our own batch can go out at once when it directly follows what was delivered (revisions are
            // gapless, so nothing from another server can sit in between); otherwise the poller reads it in order.
            committer = new GroupCommitter(vertx, backend, MAX_BATCH, metrics, events -> {
                if (!deliver(events, true)) {
                    poller.wake();
                }
            });
            backend.onRemoteChange(poller::wake);
        } else {
            poller = null;
            committer = new GroupCommitter(vertx, backend, MAX_BATCH, metrics, events -> deliver(events, false));
        }
        this.compactor = new Compactor(vertx, this, options);
        this.reaper = new LeaseReaper(vertx, this, backend, options.leaseCheckInterval());
        this.sizeTimer = vertx.setPeriodic(5_000, id -> refreshSize());
    }

    /** Opens {@code backend} and starts the background work (compaction, leases, size metrics). */
    public static Future<Store> open(Vertx vertx, Backend backend, StoreOptions options, MeterRegistry registry,
                                     String backendName) {
        StoreMetrics metrics = new StoreMetrics(registry, backendName);
        return backend.open().map(state -> {
            LogStore store = new LogStore(vertx, backend, options, metrics, state);
            store.refreshSize();
            return (Store) store;
        });
    }

    /**
     * Hands events to the watch hub and the event bus, each exactly once and in revision order, whoever produced
     * them (committer or poller). With {@code onlyIfNext}, only when they directly follow what went out before.
     */
    private synchronized boolean deliver(List<Event> events, boolean onlyIfNext) {
        if (onlyIfNext && events.getFirst().revision() != delivered + 1) {
            return false;
        }
        List<Event> fresh = events.getFirst().revision() > delivered ? events
                : events.stream().filter(e -> e.revision() > delivered).toList();
        if (fresh.isEmpty()) {
            return true;
        }
        delivered = fresh.getLast().revision();
        metrics.revision(delivered);
        hub.publish(fresh);
        vertx.eventBus().publish(StoreAddresses.EVENTS, new EventBatch(fresh, delivered), localOnly);
        return true;
    }

    private void refreshSize() {
        backend.size().onSuccess(db -> metrics.sizes(db, backend.walSize()));
        if (backend.shared() && !closed) {
            currentRevision().onSuccess(metrics::revision);
        }
    }

    private StoreException checkOpen() {
        return closed ? new StoreException.Unavailable("datastore is closed", null) : null;
    }

    @Override
    public Future<GetResult> get(String key, long revision) {
        if (closed) {
            return Future.failedFuture(checkOpen());
        }
        if (revision > 0 && revision < compacted) {
            return Future.failedFuture(new StoreException.Compacted(revision, compacted));
        }
        long seen = revision > 0 ? revision : hub.revision();
        return backend.latest(key, revision).map(kv -> {
            KeyValueView v = KeyValueView.of(kv);
            return new GetResult(Math.max(seen, v.revisionHint()), v.live());
        });
    }

    @Override
    public Future<RangeResult> range(String prefix, String startKey, int limit, long revision) {
        if (closed) {
            return Future.failedFuture(checkOpen());
        }
        if (revision > 0 && revision < compacted) {
            return Future.failedFuture(new StoreException.Compacted(revision, compacted));
        }
        String from = startKey == null || startKey.compareTo(prefix) < 0 ? prefix : startKey;
        return backend.range(from, KeyRanges.end(prefix), limit, revision);
    }

    @Override
    public Future<Long> count(String prefix) {
        if (closed) {
            return Future.failedFuture(checkOpen());
        }
        return backend.count(prefix, KeyRanges.end(prefix), 0);
    }

    @Override
    public Future<WriteResult> create(String key, byte[] value, Duration ttl) {
        return committer.submit(new WriteOp.Create(key, value, expiry(ttl)));
    }

    @Override
    public Future<WriteResult> update(String key, byte[] value, long expectedModRevision, Duration ttl) {
        return committer.submit(new WriteOp.Update(key, value, expectedModRevision, expiry(ttl)));
    }

    @Override
    public Future<WriteResult> delete(String key, long expectedModRevision) {
        return committer.submit(new WriteOp.Delete(key, expectedModRevision));
    }

    private static long expiry(Duration ttl) {
        return ttl == null || ttl.isZero() || ttl.isNegative() ? 0 : System.currentTimeMillis() + ttl.toMillis();
    }

    @Override
    public Future<Watcher> watch(String prefix, long fromRevision, WatchListener listener) {
        if (closed) {
            return Future.failedFuture(checkOpen());
        }
        return hub.watch(prefix, fromRevision, listener, vertx.getOrCreateContext());
    }

    @Override
    public Future<Long> currentRevision() {
        if (backend.shared()) {
            return backend.state().map(s -> {
                noteCompacted(s.compacted()); // another server may have compacted
                return s.current();
            });
        }
        return Future.succeededFuture(hub.revision());
    }

    @Override
    public Future<Long> compactRevision() {
        return Future.succeededFuture(compacted);
    }

    @Override
    public Future<Long> compact(long revision) {
        if (revision <= compacted) {
            return Future.succeededFuture(compacted);
        }
        return currentRevision().compose(cur -> backend.compact(Math.min(revision, cur))).map(state -> {
            noteCompacted(state.compacted());
            return compacted;
        }).compose(rev -> backend.maintain().map(rev).onComplete(x -> refreshSize()));
    }

    private synchronized void noteCompacted(long rev) {
        if (rev > compacted) {
            compacted = rev;
            metrics.compacted(rev);
        }
    }

    /** Number of live watchers, for tests and metrics. */
    public int watcherCount() {
        return hub.watcherCount();
    }

    public StoreMetrics metrics() {
        return metrics;
    }

    @Override
    public Future<Long> size() {
        return backend.size().map(db -> db + backend.walSize());
    }

    @Override
    public Future<Void> closeAsync() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        vertx.cancelTimer(sizeTimer);
        compactor.stop();
        reaper.stop();
        if (poller != null) {
            poller.stop();
        }
        hub.closeAll(new StoreException.Unavailable("datastore is closing", null));
        return committer.close().eventually(() -> backend.close()).andThen(x -> metrics.close())
                .onSuccess(v -> LOG.fine("datastore closed"));
    }
}
