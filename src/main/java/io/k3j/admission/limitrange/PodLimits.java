package io.k3j.admission.limitrange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod held against one LimitRange entry: a Container entry against every container and init container, a Pod
 * entry against the pod's total, which counts as the scheduler does (containers and restartable init containers
 * run together; each ordinary init container runs alone with the sidecars started before it).
 */
final class PodLimits {

    private PodLimits() {
    }

    static void check(LimitItem item, ObjectNode pod, List<String> errors) {
        if (item.type().equals(LimitItem.CONTAINER)) {
            for (String field : new String[]{"containers", "initContainers"}) {
                for (JsonNode c : pod.path("spec").path(field)) {
                    JsonNode resources = c.path("resources");
                    all(item, Resources.of(resources.path("requests")), Resources.of(resources.path("limits")), errors);
                }
            }
        } else if (item.type().equals(LimitItem.POD)) {
            all(item, total(pod, "requests"), total(pod, "limits"), errors);
        }
    }

    private static void all(LimitItem item, Map<String, Amount> requests, Map<String, Amount> limits,
                            List<String> errors) {
        item.min().forEach((k, v) -> Constraints.min(item.type(), k, v, requests, limits, errors));
        item.max().forEach((k, v) -> Constraints.max(item.type(), k, v, requests, limits, errors));
        item.maxLimitRequestRatio().forEach((k, v) -> Constraints.ratio(item.type(), k, v, requests, limits, errors));
    }

    /** The pod's effective requests or limits ({@code which}). */
    static Map<String, Amount> total(ObjectNode pod, String which) {
        Map<String, Amount> sum = new LinkedHashMap<>();
        for (JsonNode c : pod.path("spec").path("containers")) {
            Resources.add(sum, Resources.of(c.path("resources").path(which)));
        }
        Map<String, Amount> sidecars = new LinkedHashMap<>();
        Map<String, Amount> init = new LinkedHashMap<>();
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            Map<String, Amount> own = Resources.of(c.path("resources").path(which));
            Map<String, Amount> running;
            if ("Always".equals(c.path("restartPolicy").asText())) {
                Resources.add(sum, own);
                Resources.add(sidecars, own);
                running = sidecars;
            } else {
                running = new LinkedHashMap<>(own);
                Resources.add(running, sidecars);
            }
            Resources.max(init, running);
        }
        Resources.max(sum, init);
        return sum;
    }
}
