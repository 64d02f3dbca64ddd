package io.k3j.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deploys the components one after another, each only once the one before it is up, so a
 * component can rely on those listed earlier (store before API server before controllers). A
 * component that fails stops the boot with its name in the error. Stopping runs in reverse, so
 * the API stops taking requests before the store under it closes. (Children of a root verticle
 * would be undeployed in no defined order, which is why this is not a verticle.)
 */
public final class ComponentDeployer {

    private static final Logger LOG = Logger.getLogger(ComponentDeployer.class.getName());

    private final Vertx vertx;
    private final List<String> deployed = new ArrayList<>();
    private volatile String starting = "";

    public ComponentDeployer(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Deploys {@code components} in order after those deployed before (the server deploys the datastore on its own
     * first when the datastore holds the cluster's CAs, and the rest once the certificates are ready).
     */
    public Future<Void> start(List<ComponentSpec> components) {
        Future<?> chain = Future.succeededFuture();
        for (ComponentSpec c : components) {
            chain = chain.compose(ignored -> deploy(c));
        }
        return chain.mapEmpty();
    }

    /** The component being started now ("" when none): start-up progress names it. */
    public String starting() {
        return starting;
    }

    private Future<String> deploy(ComponentSpec c) {
        long t0 = System.nanoTime();
        starting = c.name();
        return vertx.deployVerticle(c.verticle().get())
                .onSuccess(id -> {
                    synchronized (deployed) {
                        deployed.add(id);
                    }
                    starting = "";
                    LOG.log(Level.FINE, "component started", new Object[]{"component", c.name(),
                            "ms", Duration.ofNanos(System.nanoTime() - t0).toMillis()});
                })
                .recover(e -> Future.failedFuture(e instanceof StartupException ? e
                        : new StartupException(c.name() + " failed to start: " + e, e)));
    }

    /** Undeploys in reverse order; failures are logged and do not stop the others from stopping. */
    public Future<Void> stop() {
        List<String> ids;
        synchronized (deployed) {
            ids = new ArrayList<>(deployed);
            deployed.clear();
        }
        Future<?> chain = Future.succeededFuture();
        for (int i = ids.size() - 1; i >= 0; i--) {
            String id = ids.get(i);
            chain = chain.eventually(() -> vertx.undeploy(id).onFailure(e ->
                    LOG.log(Level.WARNING, "component did not stop cleanly", new Object[]{"error", e.getMessage()})));
        }
        return chain.mapEmpty();
    }
}
