package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Finds the pod (metadata and spec) inside the resources that carry one, as upstream's DefaultPodSpecExtractor:
 * pods themselves and the built-in workloads with a pod template.
 */
final class PodTemplates {

    /** A pod's or a template's metadata and spec; absent parts are empty objects, as Go's zero structs. */
    record PodParts(JsonNode metadata, JsonNode spec) {
    }

    /** group/resource → where the pod template sits in the object ("" = the object is the pod). */
    private static final Map<String, String[]> TEMPLATE_PATHS = Map.of(
            "/pods", new String[0],
            "/replicationcontrollers", new String[]{"spec", "template"},
            "/podtemplates", new String[]{"template"},
            "apps/replicasets", new String[]{"spec", "template"},
            "apps/deployments", new String[]{"spec", "template"},
            "apps/statefulsets", new String[]{"spec", "template"},
            "apps/daemonsets", new String[]{"spec", "template"},
            "batch/jobs", new String[]{"spec", "template"},
            "batch/cronjobs", new String[]{"spec", "jobTemplate", "spec", "template"});

    private PodTemplates() {
    }

    static boolean carriesPod(String group, String resource) {
        return TEMPLATE_PATHS.containsKey(group + "/" + resource);
    }

    /**
     * The pod to evaluate, or empty when the object has none (a ReplicationController without a template), which
     * upstream admits without evaluation.
     */
    static Optional<PodParts> extract(String group, String resource, JsonNode object) {
        String[] path = TEMPLATE_PATHS.get(group + "/" + resource);
        if (path == null || object == null) {
            return Optional.empty();
        }
        JsonNode template = path.length == 0 ? object : PodFields.at(object, path);
        if (template == null) {
            return Optional.empty();
        }
        return Optional.of(new PodParts(orEmpty(PodFields.at(template, "metadata")),
                orEmpty(PodFields.at(template, "spec"))));
    }

    private static JsonNode orEmpty(JsonNode n) {
        return n == null ? JsonNodeFactory.instance.objectNode() : n;
    }
}
