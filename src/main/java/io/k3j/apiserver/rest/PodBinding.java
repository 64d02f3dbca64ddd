package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * Binding a pod to a node (POST pods/binding, or the bindings collection), as the scheduler does:
 * sets spec.nodeName once and marks the pod PodScheduled. A pod already bound answers 409 with
 * upstream's text; the write is a compare-and-swap like every other.
 */
final class PodBinding {

    private final Supplier<Store> store;
    private final ResourceCatalog catalog;

    private final Admission admission;

    PodBinding(Supplier<Store> store, ResourceCatalog catalog, Admission admission) {
        this.store = store;
        this.catalog = catalog;
        this.admission = admission;
    }

    Future<?> bind(RestRequest r) {
        byte[] bytes = RestRequest.bodyBytes(r.ctx());
        if (bytes == null) {
            throw ApiError.badRequest("the request body is empty");
        }
        ObjectNode binding = r.decode(bytes, new GroupVersionKind("", "v1", "Binding"));
        String pod = r.info().subresource().equals("binding") ? r.info().name()
                : binding.path("metadata").path("name").asText("");
        String node = binding.path("target").path("name").asText("");
        String kind = binding.path("target").path("kind").asText("Node");
        if (pod.isEmpty()) {
            throw ApiError.invalid("Binding", "", "", "metadata.name", "FieldValueRequired", "Required value");
        }
        if (node.isEmpty() || !kind.equals("Node")) {
            throw ApiError.invalid("Binding", "", pod, "target", "FieldValueInvalid",
                    "Invalid value: must be a Node with a name");
        }
        ResourceDescriptor pods = catalog.find("", "v1", "pods").orElseThrow();
        String key = StorageKeys.key(pods, r.namespace(), pod);
        io.k3j.admission.AdmissionRequest a = admission.request(r, io.k3j.admission.Operation.CREATE, "Binding", pod,
                binding, null, null);
        String uid = binding.path("metadata").path("uid").asText("");
        return admission.mutate(r, a).compose(v -> admission.validate(r, a))
                .compose(v -> assign(r, key, pod, node, uid, ATTEMPTS))
                .map(w -> {
            ResourceHandler.send(r.ctx(), 201, Json.MAPPER.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                    .<ObjectNode>set("metadata", Json.MAPPER.createObjectNode()).put("status", "Success").put("code", 201));
            return null;
        });
    }

    /** Reads of a pod a binding retries when another write lands between its read and its compare-and-swap. */
    private static final int ATTEMPTS = 5;

    /**
     * Upstream's guaranteed update of the pod: a write that slipped in between (the scheduler's own status patch,
     * a label change) makes it read and check again, rather than failing the binding with a 409 the scheduler
     * never caused. A binding naming the pod's uid is refused for a pod recreated under the same name.
     */
    private Future<Object> assign(RestRequest r, String key, String pod, String node, String uid, int attempts) {
        return store.get().get(key).compose(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                throw ApiError.notFound("pods", "", pod);
            }
            ObjectNode obj = Json.stored(kv.value());
            String actualUid = obj.path("metadata").path("uid").asText("");
            if (!uid.isEmpty() && !uid.equals(actualUid)) {
                throw new ApiError(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + pod
                        + "\": Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + actualUid, null);
            }
            if (obj.path("metadata").has("deletionTimestamp")) {
                throw new ApiError(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + pod
                        + "\": pod " + pod + " is being deleted, cannot be assigned to a host", null);
            }
            String current = obj.path("spec").path("nodeName").asText("");
            if (!current.isEmpty()) {
                throw new ApiError(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + pod
                        + "\": pod " + pod + " is already assigned to node \"" + current + "\"", null);
            }
            ObjectNode spec = obj.has("spec") ? (ObjectNode) obj.get("spec") : obj.putObject("spec");
            spec.put("nodeName", node);
            markScheduled(obj);
            if (r.dryRun()) {
                return Future.succeededFuture();
            }
            return store.get().update(key, Json.bytes(obj), kv.modRevision()).<Object>map(w -> w).recover(e -> {
                if (e instanceof StoreException.Conflict) {
                    return attempts > 1 ? assign(r, key, pod, node, uid, attempts - 1)
                            : Future.failedFuture(ApiError.conflict("pods", "", pod));
                }
                return Future.failedFuture(e);
            });
        });
    }

    private static void markScheduled(ObjectNode pod) {
        ObjectNode status = pod.has("status") ? (ObjectNode) pod.get("status") : pod.putObject("status");
        ArrayNode conditions = status.has("conditions") ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
        for (int i = conditions.size() - 1; i >= 0; i--) {
            JsonNode c = conditions.get(i);
            if ("PodScheduled".equals(c.path("type").asText())) {
                conditions.remove(i);
            }
        }
        conditions.addObject().put("type", "PodScheduled").put("status", "True")
                .putNull("lastProbeTime").put("lastTransitionTime", ObjectMetaRules.now());
    }
}
