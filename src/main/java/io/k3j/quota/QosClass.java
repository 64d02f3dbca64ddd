package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A pod's quality-of-service class, computed as upstream's (the API server records it at create, the kubelet reports
 * it): over all containers and init containers, only cpu and memory count, and only values above zero.
 * BestEffort: nothing requested or limited. Guaranteed: every container limits both cpu and memory, and the summed
 * requests equal the summed limits resource by resource. Burstable: anything else.
 */
public enum QosClass {
    BestEffort, Burstable, Guaranteed;

    private static final Set<String> QOS_RESOURCES = Set.of(PodResources.CPU, PodResources.MEMORY);

    /** The class of a pod as given (upstream computes it after defaulting, so limits already count as requests). */
    public static QosClass of(JsonNode pod) {
        Map<String, Quantity> requests = new HashMap<>();
        Map<String, Quantity> limits = new HashMap<>();
        boolean guaranteed = true;
        JsonNode spec = pod.path("spec");
        for (String list : new String[]{"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                JsonNode res = c.path("resources");
                add(requests, res.path("requests"), null);
                Set<String> limited = new HashSet<>();
                add(limits, res.path("limits"), limited);
                if (!limited.containsAll(QOS_RESOURCES)) {
                    guaranteed = false;
                }
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return BestEffort;
        }
        if (guaranteed) {
            for (Map.Entry<String, Quantity> e : requests.entrySet()) {
                Quantity lim = limits.get(e.getKey());
                if (lim == null || lim.compareTo(e.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? Guaranteed : Burstable;
    }

    /** Adds the positive cpu and memory quantities of {@code list} into {@code sums}, noting their names in {@code seen}. */
    private static void add(Map<String, Quantity> sums, JsonNode list, Set<String> seen) {
        if (!list.isObject()) {
            return;
        }
        for (String name : QOS_RESOURCES) {
            Quantity q = list.has(name) ? Quantity.parseOrNull(list.get(name).asText()) : null;
            if (q != null && q.signum() > 0) {
                sums.merge(name, q, Quantity::add);
                if (seen != null) {
                    seen.add(name);
                }
            }
        }
    }
}
