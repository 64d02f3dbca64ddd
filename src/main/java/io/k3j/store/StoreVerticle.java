package io.k3j.store;

import io.k3j.store.snapshot.Cron;
import io.k3j.store.snapshot.SnapshotScheduler;
import io.k3j.store.snapshot.Snapshots;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.logging.Logger;

/**
 * Owns the datastore for the server: opens it on start (compaction and lease timers start with it), answers
 * health checks on {@link StoreAddresses#HEALTH}, takes scheduled snapshots, and closes it on stop.
 * Committed events are published on {@link StoreAddresses#EVENTS} by the store itself.
 */
public final class StoreVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(StoreVerticle.class.getName());
    /** A key no one writes: reading it proves the database answers. */
    static final String HEALTH_KEY = "/k3j/health";

    private final StoreOptions options;
    private final MeterRegistry registry;
    private final StoreRegistry backends;
    private volatile Store store;
    private SnapshotScheduler scheduler;

    public StoreVerticle(StoreOptions options, MeterRegistry registry) {
        this(options, registry, StoreRegistry.defaults());
    }

    public StoreVerticle(StoreOptions options, MeterRegistry registry, StoreRegistry backends) {
        this.options = options;
        this.registry = registry;
        this.backends = backends;
    }

    /** The open store; only valid after {@link #start()} succeeded. */
    public Store store() {
        if (store == null) {
            throw new IllegalStateException("datastore not started");
        }
        return store;
    }

    @Override
    public Future<?> start() {
        EventBatchCodec.register(vertx);
        return backends.open(vertx, options, registry).compose(s -> {
            store = s;
            MessageConsumer<Object> health = vertx.eventBus().consumer(StoreAddresses.HEALTH, msg ->
                    s.get(HEALTH_KEY).onSuccess(r -> msg.reply("ok"))
                            .onFailure(e -> msg.fail(503, "datastore: " + e.getMessage())));
            startSnapshots();
            LOG.fine("datastore open: " + Endpoint.mask(options.endpoint()));
            return health.completion();
        });
    }

    private void startSnapshots() {
        if (options.snapshotCron() == null || options.snapshotCron().isBlank()) {
            return;
        }
        Snapshots snapshots;
        try {
            snapshots = new Snapshots(options);
        } catch (UnsupportedOperationException e) {
            LOG.info("no scheduled snapshots: " + e.getMessage());
            return;
        }
        scheduler = new SnapshotScheduler(vertx, snapshots, Cron.parse(options.snapshotCron()),
                options.snapshotRetention());
        scheduler.start();
    }

    @Override
    public Future<?> stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
        return store == null ? Future.succeededFuture() : store.closeAsync();
    }
}
