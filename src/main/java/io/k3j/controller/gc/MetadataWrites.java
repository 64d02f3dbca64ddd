package io.k3j.controller.gc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.ApiDiscovery.ApiResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.util.Set;
import java.util.function.Predicate;

/**
 * The collector's writes: JSON merge patches of ownerReferences and finalizers carrying the resourceVersion they
 * were computed from (so a concurrent change makes them fail and be recomputed; merge patches work on custom
 * resources too), and deletes with uid and resourceVersion preconditions. An object already gone is success.
 */
final class MetadataWrites {

    static final WriteOptions WRITE = WriteOptions.manager("generic-garbage-collector");

    private final KubeClient client;

    MetadataWrites(KubeClient client) {
        this.client = client;
    }

    /** Drops the ownerReferences to {@code ownerUids}. */
    Future<Void> removeOwnerRefs(ApiResource r, ObjectNode latest, Set<String> ownerUids) {
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (JsonNode ref : latest.path("metadata").path("ownerReferences")) {
            if (!ownerUids.contains(ref.path("uid").asText())) {
                kept.add(ref);
            }
        }
        return patchMeta(r, latest, "ownerReferences", kept);
    }

    /** Sets blockOwnerDeletion=false on every ownerReference that has it (upstream's cycle breaker). */
    Future<Void> unblockOwnerRefs(ApiResource r, ObjectNode latest) {
        ArrayNode refs = JsonNodeFactory.instance.arrayNode();
        for (JsonNode ref : latest.path("metadata").path("ownerReferences")) {
            ObjectNode copy = ref.deepCopy();
            if (copy.path("blockOwnerDeletion").asBoolean(false)) {
                copy.put("blockOwnerDeletion", false);
            }
            refs.add(copy);
        }
        return patchMeta(r, latest, "ownerReferences", refs);
    }

    Future<Void> removeFinalizer(ApiResource r, ObjectNode latest, String finalizer) {
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        Meta.finalizers(latest).stream().filter(Predicate.not(finalizer::equals)).forEach(kept::add);
        return patchMeta(r, latest, "finalizers", kept);
    }

    /** Deletes {@code latest} if it still has its uid (and, with {@code sameVersion}, its resourceVersion). */
    Future<Void> delete(ApiResource r, ObjectNode latest, String propagation, boolean sameVersion) {
        DeleteOptions opts = DeleteOptions.propagation(propagation)
                .withPreconditions(Meta.uid(latest), sameVersion ? Meta.resourceVersion(latest) : "");
        return client.delete(r.gvr(), Meta.namespace(latest), Meta.name(latest), opts).<Void>mapEmpty().recover(MetadataWrites::goneIsFine);
    }

    private Future<Void> patchMeta(ApiResource r, ObjectNode latest, String field, ArrayNode value) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode meta = patch.putObject("metadata");
        if (value.isEmpty()) {
            meta.putNull(field);
        } else {
            meta.set(field, value);
        }
        meta.put("resourceVersion", Meta.resourceVersion(latest));
        return client.patch(r.gvr(), Meta.namespace(latest), Meta.name(latest), PatchType.MERGE, patch.toString(), "", WRITE)
                .<Void>mapEmpty().recover(MetadataWrites::goneIsFine);
    }

    private static Future<Void> goneIsFine(Throwable e) {
        return e instanceof KubeApiException k && k.notFound() ? Future.succeededFuture() : Future.failedFuture(e);
    }
}
