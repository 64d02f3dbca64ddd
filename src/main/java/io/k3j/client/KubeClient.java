package io.k3j.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.vertx.core.Future;

/**
 * The one way k3j's own components (controllers, scheduler, add-on controllers, agents) talk to the
 * API: every call goes through the API server's full pipeline (authentication as the component's
 * identity, authorization, admission, validation, optimistic concurrency), so components get no
 * back door. Objects are Jackson trees as the API serves them. Failures are {@link KubeApiException}s
 * carrying the server's {@code Status}.
 *
 * <p>{@code namespace} is "" for cluster-scoped resources and for lists/watches across namespaces.
 */
public interface KubeClient {

    Future<ObjectNode> get(GroupVersionResource r, String namespace, String name);

    /** A list (kind {@code <Kind>List}) with {@code items} and {@code metadata.resourceVersion}. */
    Future<ObjectNode> list(GroupVersionResource r, String namespace, ListOptions options);

    Future<ObjectNode> create(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options);

    /** POST to a subresource of one object: pods/binding, pods/eviction, serviceaccounts/token. */
    Future<ObjectNode> createSubresource(GroupVersionResource r, String namespace, String name, String subresource,
                                         ObjectNode body, WriteOptions options);

    /** PUT of the whole object; {@code metadata.resourceVersion} in it makes the write conditional. */
    Future<ObjectNode> update(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options);

    /** PUT on the {@code status} subresource. */
    Future<ObjectNode> updateStatus(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options);

    /**
     * PUT of the whole object on another subresource, e.g. {@code finalize} of a namespace (which replaces its
     * spec.finalizers). Clients that cannot do it refuse.
     */
    default Future<ObjectNode> updateSubresource(GroupVersionResource r, String namespace, ObjectNode obj,
                                                 String subresource, WriteOptions options) {
        return Future.failedFuture(new UnsupportedOperationException("PUT " + subresource));
    }

    /** PATCH with one of the four patch types; {@code subresource} "" for the object itself. */
    Future<ObjectNode> patch(GroupVersionResource r, String namespace, String name, PatchType type, String body,
                             String subresource, WriteOptions options);

    /** Server-side apply of {@code obj} under {@code options.fieldManager()} (required). */
    default Future<ObjectNode> apply(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        String name = obj.path("metadata").path("name").asText();
        return patch(r, namespace, name, PatchType.APPLY, obj.toString(), "", options);
    }

    /** Deletes; the answer is the object (with deletionTimestamp while finalizers remain) or a Status. */
    Future<JsonNode> delete(GroupVersionResource r, String namespace, String name, DeleteOptions options);

    /** DELETE on the collection: every object matching the selectors (finalizers and grace periods honoured). */
    Future<JsonNode> deleteCollection(GroupVersionResource r, String namespace, ListOptions selectors, DeleteOptions options);

    /**
     * Watches from {@code options.resourceVersion()}; events reach {@code handler} in order on the caller's
     * context. The returned handle stops it; {@link Watch#closed()} completes when the server ends the stream
     * (a timeout, a 410 ERROR event reported as a failed future, or a broken connection).
     */
    Future<Watch> watch(GroupVersionResource r, String namespace, ListOptions options, WatchHandler handler);

    /** GET of a non-resource path (discovery, /version, /openapi/v3), decoded as JSON. */
    Future<JsonNode> getPath(String path);

    /**
     * Whether the objects this client reads (get, list, watch) are shared with others rather than decoded for the
     * caller: the in-process client hands out the API server's cached trees. Nobody may change an object a client
     * returned in any case ({@code deepCopy()} it first); where this is true, not even to trim it.
     */
    default boolean sharesObjects() {
        return false;
    }

    /** Releases connections; the client is not used afterwards. */
    default void close() {
    }

    /** Receives watch events. */
    @FunctionalInterface
    interface WatchHandler {
        void onEvent(WatchEvent event);
    }
}
