package io.k3j.apiserver;

import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.crd.CrdRegistry;
import io.k3j.apiserver.discovery.DiscoveryCache;
import io.k3j.apiserver.openapi.OpenApiV3;
import io.k3j.apiserver.openapi.ServedOpenApi;
import io.k3j.apiserver.rest.ResourceCatalog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps what the API server serves in step with the CRDs: on every registry change the resource catalog switches
 * at once (cheap), then discovery and OpenAPI documents are regenerated on a worker thread and swapped in whole.
 * Changes that arrive during a regeneration are coalesced into one more run; requests never regenerate anything.
 * After each swap it reports which CRDs are now served, which is what lets them become Established.
 * Event-loop confined.
 */
final class ServedApis {

    private static final Logger LOG = Logger.getLogger(ServedApis.class.getName());

    private final Vertx vertx;
    private final List<ResourceDescriptor> builtin;
    private final ResourceCatalog catalog;
    private final DiscoveryCache discovery;
    private final DiscoveryRoutes routes;
    private final OpenApiV3 builtinOpenApi;
    private final Consumer<Set<String>> onServed;
    private final Promise<Void> firstSwap = Promise.promise();
    private List<ResourceDescriptor> pending;
    private List<ResourceDescriptor> generated;
    private boolean running;

    ServedApis(Vertx vertx, List<ResourceDescriptor> builtin, ResourceCatalog catalog, DiscoveryCache discovery,
               DiscoveryRoutes routes, OpenApiV3 builtinOpenApi, Consumer<Set<String>> onServed) {
        this.vertx = vertx;
        this.builtin = List.copyOf(builtin);
        this.catalog = catalog;
        this.discovery = discovery;
        this.routes = routes;
        this.builtinOpenApi = builtinOpenApi;
        this.onServed = onServed;
    }

    /** Completes once the documents of the first CRD snapshot are in place. */
    Future<Void> ready() {
        return firstSwap.future();
    }

    void update(CrdRegistry.Snapshot snapshot) {
        List<ResourceDescriptor> custom = snapshot.served();
        catalog.update(all(custom));
        pending = custom;
        if (!running) {
            regenerate();
        }
    }

    private void regenerate() {
        List<ResourceDescriptor> custom = pending;
        pending = null;
        if (custom.equals(generated)) {
            served(custom);
            return;
        }
        running = true;
        vertx.executeBlocking(() -> {
            discovery.update(all(custom));
            return ServedOpenApi.of(builtinOpenApi, custom);
        }, false).onComplete(ar -> {
            running = false;
            if (ar.succeeded()) {
                routes.setOpenApi(ar.result());
                generated = custom;
                served(custom);
            } else {
                LOG.log(Level.WARNING, "cannot regenerate discovery and OpenAPI documents",
                        new Object[]{"error", String.valueOf(ar.cause())});
                firstSwap.tryComplete(); // serve what we have rather than never start
            }
            if (pending != null) {
                regenerate();
            }
        });
    }

    private void served(List<ResourceDescriptor> custom) {
        Set<String> names = new HashSet<>();
        custom.forEach(d -> names.add(d.custom().crdName()));
        onServed.accept(names);
        firstSwap.tryComplete();
    }

    private List<ResourceDescriptor> all(List<ResourceDescriptor> custom) {
        List<ResourceDescriptor> all = new ArrayList<>(builtin);
        all.addAll(custom);
        return all;
    }
}
