package io.k3j.controller.rootca;

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

import static io.k3j.controller.support.Resources.CONFIGMAPS;
import static io.k3j.controller.support.Resources.NAMESPACES;

/**
 * Upstream's root-ca-cert-publisher: a {@code kube-root-ca.crt} ConfigMap in every namespace holding the cluster CA
 * under {@code ca.crt}, so pods can verify the API server. An edited or deleted copy is put back. Keyed by namespace.
 */
public final class RootCaPublisher implements Controller {

    public static final String NAME = "root-ca-cert-publisher";
    static final String CONFIGMAP = "kube-root-ca.crt";
    static final String KEY = "ca.crt";
    static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
    /** Upstream's description, so users (and tools) know what the ConfigMap promises. */
    static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using "
            + "internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
            + "guaranteed across distributions of Kubernetes clusters.";
    private static final WriteOptions WRITE = WriteOptions.manager(NAME);

    private KubeClient client;
    private String caPem;
    private Informer namespaces;
    private Informer configMaps;
    private WorkQueue queue;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        client = ctx.client();
        caPem = ctx.settings().rootCaPem();
        namespaces = ctx.informers().of(NAMESPACES);
        configMaps = ctx.informers().of(CONFIGMAPS);
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
        configMaps.addHandler(new Informer.Handler() {
            @Override
            public void onUpdate(ObjectNode old, ObjectNode cm) {
                if (CONFIGMAP.equals(Meta.name(cm))) {
                    queue.add(Meta.namespace(cm));
                }
            }

            @Override
            public void onDelete(ObjectNode cm) {
                if (CONFIGMAP.equals(Meta.name(cm))) {
                    queue.add(Meta.namespace(cm));
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
        return Future.all(namespaces.synced(), configMaps.synced()).compose(v -> {
            ObjectNode ns = namespaces.get("", namespace);
            if (ns == null || Meta.deleting(ns)) {
                return Future.succeededFuture();
            }
            ObjectNode cm = configMaps.get(namespace, CONFIGMAP);
            if (cm == null) {
                ObjectNode fresh = Meta.object("v1", "ConfigMap", namespace, CONFIGMAP);
                ((ObjectNode) fresh.get("metadata")).putObject("annotations").put(DESCRIPTION_ANNOTATION, DESCRIPTION);
                fresh.putObject("data").put(KEY, caPem);
                return client.create(CONFIGMAPS, namespace, fresh, WRITE).recover(RootCaPublisher::ignore);
            }
            if (current(cm)) {
                return Future.succeededFuture();
            }
            // Replace the data wholesale (extra keys go too, as upstream) and keep the rest of the object.
            ObjectNode copy = cm.deepCopy();
            copy.putObject("data").put(KEY, caPem);
            ((ObjectNode) copy.get("metadata")).with("annotations").put(DESCRIPTION_ANNOTATION, DESCRIPTION);
            return client.update(CONFIGMAPS, namespace, copy, WRITE).recover(RootCaPublisher::ignore);
        });
    }

    private boolean current(ObjectNode cm) {
        var data = cm.path("data");
        return data.size() == 1 && caPem.equals(data.path(KEY).asText(null))
                && !cm.path("metadata").path("annotations").path(DESCRIPTION_ANNOTATION).asText("").isEmpty();
    }

    /** A lagging cache (exists / gone / namespace terminating) is no failure; a conflict retries. */
    private static Future<ObjectNode> ignore(Throwable e) {
        if (e instanceof KubeApiException k && (k.alreadyExists() || k.notFound() || k.code() == 403)) {
            return Future.succeededFuture();
        }
        return Future.failedFuture(e);
    }
}
