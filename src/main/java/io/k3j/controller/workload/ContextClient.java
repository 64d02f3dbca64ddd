package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * A {@link KubeClient} whose calls are issued from one Vert.x context, whichever thread makes them: the syncs run on
 * virtual threads, and the HTTP/2 client is only ever driven from Vert.x threads (driven from many foreign threads at
 * once, requests were seen to stall).
 */
final class ContextClient implements KubeClient {

    private final KubeClient delegate;
    private final Context context;

    ContextClient(KubeClient delegate, Context context) {
        this.delegate = delegate;
        this.context = context;
    }

    private <T> Future<T> on(Supplier<Future<T>> call) {
        if (Vertx.currentContext() == context) {
            return call.get();
        }
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                call.get().onComplete(p);
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    @Override
    public Future<ObjectNode> get(GroupVersionResource r, String namespace, String name) {
        return on(() -> delegate.get(r, namespace, name));
    }

    @Override
    public Future<ObjectNode> list(GroupVersionResource r, String namespace, ListOptions options) {
        return on(() -> delegate.list(r, namespace, options));
    }

    @Override
    public Future<ObjectNode> createSubresource(GroupVersionResource r, String namespace, String name, String subresource,
                                                ObjectNode body, WriteOptions options) {
        return on(() -> delegate.createSubresource(r, namespace, name, subresource, body, options));
    }

    @Override
    public Future<ObjectNode> create(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        return on(() -> delegate.create(r, namespace, obj, options));
    }

    @Override
    public Future<ObjectNode> update(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        return on(() -> delegate.update(r, namespace, obj, options));
    }

    @Override
    public Future<ObjectNode> updateStatus(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        return on(() -> delegate.updateStatus(r, namespace, obj, options));
    }

    @Override
    public Future<ObjectNode> patch(GroupVersionResource r, String namespace, String name, PatchType type, String body,
                                    String subresource, WriteOptions options) {
        return on(() -> delegate.patch(r, namespace, name, type, body, subresource, options));
    }

    @Override
    public Future<JsonNode> delete(GroupVersionResource r, String namespace, String name, DeleteOptions options) {
        return on(() -> delegate.delete(r, namespace, name, options));
    }

    @Override
    public Future<JsonNode> deleteCollection(GroupVersionResource r, String namespace, ListOptions selectors, DeleteOptions options) {
        return on(() -> delegate.deleteCollection(r, namespace, selectors, options));
    }

    @Override
    public Future<io.k3j.client.Watch> watch(GroupVersionResource r, String namespace, ListOptions options, WatchHandler handler) {
        return on(() -> delegate.watch(r, namespace, options, handler));
    }

    @Override
    public Future<JsonNode> getPath(String path) {
        return on(() -> delegate.getPath(path));
    }
}
