package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeClient;
import io.k3j.client.WriteOptions;
import io.k3j.controller.EventRecorder;

/**
 * Creates pods from a template for their controller, and deletes them, recording upstream's Events
 * (SuccessfulCreate "Created pod: x", FailedCreate "Error creating: …", SuccessfulDelete "Deleted pod: x").
 */
final class PodControl {

    private final KubeClient client;
    private final EventRecorder recorder;
    private final String manager;

    PodControl(KubeClient client, EventRecorder recorder, String manager) {
        this.client = client;
        this.recorder = recorder;
        this.manager = manager;
    }

    /** The pod upstream's GetPodFromTemplate builds: the template's labels, annotations, finalizers and spec. */
    static ObjectNode fromTemplate(JsonNode template, JsonNode owner) {
        ObjectNode pod = Meta.MAPPER.createObjectNode();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        JsonNode tm = template.path("metadata");
        for (String f : new String[]{"labels", "annotations", "finalizers"}) {
            if (tm.has(f) && !tm.get(f).isNull()) {
                meta.set(f, tm.get(f).deepCopy());
            }
        }
        meta.put("namespace", Meta.namespace(owner));
        meta.putArray("ownerReferences").add(OwnerRefs.controllerRef(owner));
        pod.set("spec", template.path("spec").isObject() ? template.get("spec").deepCopy() : Meta.MAPPER.createObjectNode());
        return pod;
    }

    /** upstream's pod name prefix: "<owner>-" (the server appends five random characters). */
    static String prefix(String ownerName) {
        String p = ownerName + "-";
        return p.length() > 58 ? p.substring(0, 58) : p;
    }

    /** Creates {@code pod} for {@code owner}; records the Event either way; throws the API error on failure. */
    ObjectNode create(ObjectNode pod, JsonNode owner) {
        try {
            ObjectNode created = WorkloadController.await(client.create(Resources.PODS, Meta.namespace(owner), pod,
                    WriteOptions.manager(manager)));
            recorder.normal((ObjectNode) owner, "SuccessfulCreate", "Created pod: " + Meta.name(created));
            return created;
        } catch (RuntimeException e) {
            recorder.warning((ObjectNode) owner, "FailedCreate", "Error creating: " + e.getMessage());
            throw e;
        }
    }

    void delete(JsonNode pod, JsonNode owner) {
        try {
            WorkloadController.await(client.delete(Resources.PODS, Meta.namespace(pod), Meta.name(pod), DeleteOptions.DEFAULT));
            recorder.normal((ObjectNode) owner, "SuccessfulDelete", "Deleted pod: " + Meta.name(pod));
        } catch (RuntimeException e) {
            if (!WorkloadController.notFound(e)) {
                recorder.warning((ObjectNode) owner, "FailedDelete", "Error deleting: " + e.getMessage());
            }
            throw e;
        }
    }
}
