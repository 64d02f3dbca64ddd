package io.k3j.store.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The datastore's meters. Gauges read plain fields that the store updates; nothing here touches the database. */
public final class StoreMetrics {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer commitLatency;
    private final DistributionSummary batchSize;
    private final Counter droppedWatchers;
    private final AtomicLong current = new AtomicLong();
    private final AtomicLong compacted = new AtomicLong();
    private final AtomicLong dbBytes = new AtomicLong();
    private final AtomicLong walBytes = new AtomicLong();
    private final AtomicLong watchers = new AtomicLong();

    public StoreMetrics(MeterRegistry registry, String backend) {
        MeterRegistry r = registry == null ? new SimpleMeterRegistry() : registry;
        this.registry = r;
        commitLatency = Timer.builder("k3j.store.commit.latency").tag("backend", backend)
                .description("time to make one group-commit batch durable")
                .publishPercentiles(0.5, 0.99).register(r);
        meters.add(commitLatency);
        batchSize = DistributionSummary.builder("k3j.store.commit.batch.size").tag("backend", backend)
                .description("writes per group-commit transaction").register(r);
        meters.add(batchSize);
        droppedWatchers = Counter.builder("k3j.store.watchers.dropped").tag("backend", backend)
                .description("watchers closed because they fell behind").register(r);
        meters.add(droppedWatchers);
        meters.add(Gauge.builder("k3j.store.revision.current", current, AtomicLong::get).tag("backend", backend)
                .register(r));
        meters.add(Gauge.builder("k3j.store.revision.compacted", compacted, AtomicLong::get).tag("backend", backend)
                .register(r));
        meters.add(Gauge.builder("k3j.store.db.size", dbBytes, AtomicLong::get).tag("backend", backend)
                .baseUnit("bytes").register(r));
        meters.add(Gauge.builder("k3j.store.wal.size", walBytes, AtomicLong::get).tag("backend", backend)
                .baseUnit("bytes").register(r));
        meters.add(Gauge.builder("k3j.store.watchers", watchers, AtomicLong::get).tag("backend", backend)
                .register(r));
    }

    /**
     * Removes this store's meters, so a store reopened on the same registry registers live ones (Micrometer
     * would otherwise hand back the old gauges, still reading the closed store's fields).
     */
    void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    void commit(long nanos, int ops) {
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
        batchSize.record(ops);
    }

    void revision(long rev) {
        current.accumulateAndGet(rev, Math::max);
    }

    void compacted(long rev) {
        compacted.accumulateAndGet(rev, Math::max);
    }

    void sizes(long db, long wal) {
        dbBytes.set(db);
        walBytes.set(wal);
    }

    void watchers(int n) {
        watchers.set(n);
    }

    void droppedWatcher() {
        droppedWatchers.increment();
    }

    public Timer commitLatency() {
        return commitLatency;
    }

    public DistributionSummary batchSize() {
        return batchSize;
    }
}
