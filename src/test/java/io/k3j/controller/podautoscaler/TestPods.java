package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** Pod objects for the autoscaler tests: running and ready since long ago, with a CPU request, unless changed. */
final class TestPods {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private TestPods() {
    }

    static ObjectNode running(String name, String cpuRequest) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode();
        pod.putObject("metadata").put("name", name).put("namespace", "default").putObject("labels").put("app", "x");
        ObjectNode c = pod.putObject("spec").putArray("containers").addObject().put("name", "c");
        if (cpuRequest != null) {
            c.putObject("resources").putObject("requests").put("cpu", cpuRequest);
        }
        ObjectNode status = pod.putObject("status").put("phase", "Running")
                .put("startTime", NOW.minusSeconds(3600).toString());
        status.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
                .put("lastTransitionTime", NOW.minusSeconds(3500).toString());
        return pod;
    }

    static ObjectNode phase(ObjectNode pod, String phase) {
        ((ObjectNode) pod.path("status")).put("phase", phase);
        return pod;
    }

    static ObjectNode unready(ObjectNode pod, Instant since) {
        ((ObjectNode) pod.path("status").path("conditions").get(0)).put("status", "False")
                .put("lastTransitionTime", since.toString());
        return pod;
    }

    static ObjectNode started(ObjectNode pod, Instant at) {
        ((ObjectNode) pod.path("status")).put("startTime", at.toString());
        return pod;
    }

    static ObjectNode deleting(ObjectNode pod) {
        ((ObjectNode) pod.path("metadata")).put("deletionTimestamp", NOW.toString());
        return pod;
    }
}
