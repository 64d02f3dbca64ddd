package io.k3j.controller.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import static io.k3j.controller.support.Resources.NAMESPACES;
import static io.k3j.controller.support.Resources.SERVICEACCOUNTS;

/**
 * Upstream's serviceaccount controller: every active namespace has a {@code default} ServiceAccount, created when the
 * namespace appears and again whenever someone deletes it. Keyed by namespace name.
 */
public final class ServiceAccountController implements Controller {

    public static final String NAME = "serviceaccount";
    static final String DEFAULT = "default";

    private KubeClient client;
    private Informer namespaces;
    private Informer accounts;
    private WorkQueue queue;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        client = ctx.client();
        namespaces = ctx.informers().of(NAMESPACES);
        accounts = ctx.informers().of(SERVICEACCOUNTS);
        queue = new WorkQueue(ctx.vertx(), NAME, 4, this::sync);
        namespaces.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode ns) {
                queue.add(Meta.name(ns));
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode ns) {
                queue.add(Meta.name(ns));
            }
        });
        accounts.addHandler(new Informer.Handler() {
            @Override
            public void onDelete(ObjectNode sa) {
                if (DEFAULT.equals(Meta.name(sa))) {
                    queue.add(Meta.namespace(sa));
                }
            }
        });
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private Future<?> sync(String namespace) {
        return Future.all(namespaces.synced(), accounts.synced()).compose(v -> {
            ObjectNode ns = namespaces.get("", namespace);
            if (ns == null || !active(ns) || accounts.get(namespace, DEFAULT) != null) {
                return Future.succeededFuture();
            }
            ObjectNode sa = Meta.object("v1", "ServiceAccount", namespace, DEFAULT);
            return client.create(SERVICEACCOUNTS, namespace, sa, WriteOptions.manager("service-account-controller"))
                    .recover(e -> ignorable(e) ? Future.succeededFuture() : Future.failedFuture(e));
        });
    }

    /** Terminating namespaces get no new content (the API server would refuse it anyway). */
    static boolean active(ObjectNode ns) {
        return !Meta.deleting(ns) && !"Terminating".equals(ns.path("status").path("phase").asText());
    }

    /** Already there (our cache lagged) or the namespace went away or began terminating meanwhile. */
    static boolean ignorable(Throwable e) {
        return e instanceof KubeApiException k && (k.alreadyExists() || k.notFound() || k.code() == 403);
    }
}
