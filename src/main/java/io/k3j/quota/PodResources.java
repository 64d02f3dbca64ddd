package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * What a pod requests and limits, summed as upstream's resource helper does: the containers, plus sidecars
 * (restartable init containers), raised to the largest init-container step, plus the pod overhead (on limits only
 * where a limit is set). A limit without a request counts as the request, which is what the API's defaulting makes
 * of such a container upstream.
 */
public final class PodResources {

    static final String CPU = "cpu";
    static final String MEMORY = "memory";
    private static final Set<String> QOS_RESOURCES = Set.of(CPU, MEMORY);

    private PodResources() {
    }

    public static ResourceList requests(JsonNode pod) {
        return sum(pod, true);
    }

    public static ResourceList limits(JsonNode pod) {
        return sum(pod, false);
    }

    /** One container's requests, limits filling the resources it did not request. */
    static ResourceList containerRequests(JsonNode container) {
        JsonNode res = container.path("resources");
        return ResourceList.fromJson(res.path("limits")).overlay(ResourceList.fromJson(res.path("requests")));
    }

    static ResourceList containerLimits(JsonNode container) {
        return ResourceList.fromJson(container.path("resources").path("limits"));
    }

    private static ResourceList sum(JsonNode pod, boolean requests) {
        JsonNode spec = pod.path("spec");
        ResourceList total = ResourceList.EMPTY;
        for (JsonNode c : spec.path("containers")) {
            total = total.add(of(c, requests));
        }
        ResourceList sidecars = ResourceList.EMPTY;
        ResourceList initStep = ResourceList.EMPTY;
        for (JsonNode c : spec.path("initContainers")) {
            ResourceList r = of(c, requests);
            if ("Always".equals(c.path("restartPolicy").asText())) {
                total = total.add(r);
                sidecars = sidecars.add(r);
                initStep = initStep.max(sidecars);
            } else {
                initStep = initStep.max(r.add(sidecars));
            }
        }
        total = total.max(initStep);
        ResourceList overhead = ResourceList.fromJson(spec.path("overhead"));
        if (requests) {
            return total.add(overhead);
        }
        return total.add(overhead.mask(total.names()));
    }

    private static ResourceList of(JsonNode container, boolean requests) {
        return requests ? containerRequests(container) : containerLimits(container);
    }

    /** Upstream's BestEffort QoS class: no container requests or limits any cpu or memory. */
    public static boolean bestEffort(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        for (String list : new String[]{"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                for (String part : new String[]{"requests", "limits"}) {
                    ResourceList r = ResourceList.fromJson(c.path("resources").path(part));
                    for (String n : QOS_RESOURCES) {
                        Quantity q = r.get(n);
                        if (q != null && !q.isZero()) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }
}
