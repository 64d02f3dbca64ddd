package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** Pod state as controllers judge it (upstream's podutil). */
final class Pods {

    private Pods() {
    }

    static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asText("");
    }

    static String nodeName(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }

    /** Not finished and not being deleted: counts toward a controller's replicas. */
    static boolean active(JsonNode pod) {
        String phase = phase(pod);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && !Meta.deleting(pod);
    }

    static boolean terminal(JsonNode pod) {
        String phase = phase(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static JsonNode condition(JsonNode pod, String type) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return null;
    }

    static boolean ready(JsonNode pod) {
        JsonNode c = condition(pod, "Ready");
        return c != null && "True".equals(c.path("status").asText());
    }

    /** When the pod last became ready, or null. */
    static Instant readySince(JsonNode pod) {
        JsonNode c = condition(pod, "Ready");
        return c == null || !"True".equals(c.path("status").asText()) ? null : Meta.time(c.path("lastTransitionTime"));
    }

    /** Ready for at least {@code minReadySeconds} (upstream's IsPodAvailable). */
    static boolean available(JsonNode pod, int minReadySeconds, Instant now) {
        if (!ready(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        Instant since = readySince(pod);
        return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
    }

    /** The highest restart count of the pod's containers. */
    static int maxRestarts(JsonNode pod) {
        int max = 0;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            max = Math.max(max, s.path("restartCount").asInt(0));
        }
        return max;
    }
}
