package io.k3j.controller;

import io.k3j.client.Informers;
import io.k3j.client.KubeClient;
import io.k3j.client.KubeClientFactory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * kube-controller-manager as a verticle: the controllers share one client (as system:kube-controller-manager,
 * through the API server's full pipeline) and one set of informers. Only the holder of the
 * {@code kube-system/kube-controller-manager} Lease runs them, so several servers never do the same work twice.
 */
public final class ControllerManagerVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(ControllerManagerVerticle.class.getName());
    /** Handlers see every object again this often, as kube-controller-manager's default min resync (12 h is upstream's max; controllers are level-triggered anyway). */
    private static final long RESYNC_MS = 10 * 60 * 1000L;

    private final KubeClientFactory clients;
    private final Supplier<List<Controller>> controllers;
    private final ControllerContext.Settings settings;
    private final String identity;
    private KubeClient client;
    private Informers informers;
    private LeaderElector elector;
    private List<Controller> running = List.of();

    public ControllerManagerVerticle(KubeClientFactory clients, Supplier<List<Controller>> controllers,
                                     ControllerContext.Settings settings, String identity) {
        this.clients = clients;
        this.controllers = controllers;
        this.settings = settings;
        this.identity = identity;
    }

    @Override
    public Future<?> start() {
        client = clients.create(vertx);
        elector = new LeaderElector(vertx, client, "kube-system", "kube-controller-manager", identity,
                LeaderElector.Timing.DEFAULT, this::lead, this::lost);
        elector.start();
        return Future.succeededFuture();
    }

    private void lead() {
        informers = new Informers(vertx, client, RESYNC_MS);
        ControllerContext ctx = new ControllerContext(vertx, informers, client, Clock.systemUTC(), identity, settings);
        running = controllers.get();
        for (Controller c : running) {
            c.start(ctx);
        }
        long t0 = System.nanoTime();
        informers.start().onSuccess(v -> LOG.log(Level.FINE, "controllers started", new Object[]{"count", running.size(),
                "ms", (System.nanoTime() - t0) / 1_000_000}));
    }

    /** Leadership lost: stop at once, so the new leader is the only one writing. */
    private void lost() {
        running.forEach(Controller::stop);
        running = List.of();
        if (informers != null) {
            informers.stop();
            informers = null;
        }
    }

    @Override
    public Future<?> stop() {
        lost();
        Future<Void> released = elector == null ? Future.succeededFuture() : elector.stop();
        return released.eventually(() -> {
            if (client != null) {
                client.close();
            }
            return Future.succeededFuture();
        });
    }
}
