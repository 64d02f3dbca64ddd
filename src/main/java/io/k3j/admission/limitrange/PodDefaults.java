package io.k3j.admission.limitrange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.support.ObjectFields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in a LimitRange's default requests and limits on the containers that lack them, and records what it did
 * in the {@code kubernetes.io/limit-ranger} annotation in upstream's words
 * ({@code LimitRanger plugin set: cpu, memory request for container app; cpu limit for container app}).
 */
final class PodDefaults {

    private PodDefaults() {
    }

    static void apply(List<LimitItem> items, ObjectNode pod) {
        Map<String, Amount> requests = new LinkedHashMap<>();
        Map<String, Amount> limits = new LinkedHashMap<>();
        for (LimitItem item : items) {
            if (item.type().equals(LimitItem.CONTAINER)) {
                requests.putAll(item.defaultRequest());
                limits.putAll(item.defaultLimit());
            }
        }
        List<String> notes = new ArrayList<>();
        for (ObjectNode c : ObjectFields.containers(pod, "containers")) {
            merge(c, requests, limits, "container", notes);
        }
        for (ObjectNode c : ObjectFields.containers(pod, "initContainers")) {
            merge(c, requests, limits, "init container", notes);
        }
        if (!notes.isEmpty()) {
            ObjectNode annotations = ObjectFields.object(ObjectFields.object(pod, "metadata"), "annotations");
            annotations.put(LimitRangerPlugin.ANNOTATION, "LimitRanger plugin set: " + String.join("; ", notes));
        }
    }

    private static void merge(ObjectNode container, Map<String, Amount> requests, Map<String, Amount> limits,
                              String what, List<String> notes) {
        ObjectNode resources = ObjectFields.object(container, "resources");
        List<String> setRequests = fill(ObjectFields.object(resources, "requests"), requests);
        List<String> setLimits = fill(ObjectFields.object(resources, "limits"), limits);
        String name = ObjectFields.text(container, "name");
        if (!setRequests.isEmpty()) {
            notes.add(String.join(", ", setRequests) + " request for " + what + " " + name);
        }
        if (!setLimits.isEmpty()) {
            notes.add(String.join(", ", setLimits) + " limit for " + what + " " + name);
        }
    }

    /** Adds the defaults the list lacks; returns the names added, sorted as upstream reports them. */
    private static List<String> fill(ObjectNode list, Map<String, Amount> defaults) {
        List<String> set = new ArrayList<>();
        defaults.forEach((k, v) -> {
            if (!list.has(k)) {
                list.put(k, v.text());
                set.add(k);
            }
        });
        set.sort(null);
        return set;
    }
}
