package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.controller.support.Meta;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The pods' requests of one resource (thousandths), which utilization is a percentage of. */
final class PodRequests {

    private PodRequests() {
    }

    /**
     * Per pod, the sum over its containers (and sidecar init containers, restartPolicy Always) — or the one named
     * {@code container} — of their requests for {@code resource}. A container without a request makes the
     * utilization undefined: upstream's error.
     */
    static Map<String, Long> of(List<? extends JsonNode> pods, String container, String resource) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode pod : pods) {
            List<JsonNode> containers = new ArrayList<>();
            pod.path("spec").path("containers").forEach(containers::add);
            for (JsonNode init : pod.path("spec").path("initContainers")) {
                if ("Always".equals(init.path("restartPolicy").asText())) {
                    containers.add(init);
                }
            }
            long sum = 0;
            for (JsonNode c : containers) {
                String name = c.path("name").asText();
                if (container.isEmpty() || container.equals(name)) {
                    JsonNode request = c.path("resources").path("requests").get(resource);
                    if (request == null || request.isNull()) {
                        throw new MetricException("missing request for " + resource + " in container " + name
                                + " of Pod " + Meta.name(pod));
                    }
                    sum += MilliQuantity.of(request);
                }
            }
            out.put(Meta.name(pod), sum);
        }
        return out;
    }
}
