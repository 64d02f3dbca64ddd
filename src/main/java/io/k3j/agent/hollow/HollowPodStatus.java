package io.k3j.agent.hollow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * The status a hollow node reports for a pod, shaped as a real kubelet's: Running and Ready by default; a pod (or
 * its template) can ask for something else with annotations, so tests drive every path:
 * {@code k3j.io/hollow-phase: Succeeded|Failed} ends the pod (after {@code k3j.io/hollow-run-seconds}, default 0),
 * {@code k3j.io/hollow-ready: "false"} keeps it running but not ready.
 */
final class HollowPodStatus {

    static final String PHASE = "k3j.io/hollow-phase";
    static final String RUN_SECONDS = "k3j.io/hollow-run-seconds";
    static final String READY = "k3j.io/hollow-ready";
    private static final ObjectMapper M = new ObjectMapper();

    private HollowPodStatus() {
    }

    /** The terminal phase the pod asks for ("" to keep running). */
    static String wantedPhase(JsonNode pod) {
        String p = pod.path("metadata").path("annotations").path(PHASE).asText("");
        return p.equals("Succeeded") || p.equals("Failed") ? p : "";
    }

    static long runSeconds(JsonNode pod) {
        try {
            return Math.max(0, Long.parseLong(pod.path("metadata").path("annotations").path(RUN_SECONDS).asText("0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static ObjectNode running(JsonNode pod, String hostIp, java.util.List<String> podIps, String startTime) {
        boolean ready = !"false".equals(pod.path("metadata").path("annotations").path(READY).asText(""));
        ObjectNode status = base(pod, hostIp, podIps, startTime, "Running");
        String now = now();
        conditions(status, now, ready, ready ? null : "ContainersNotReady");
        ArrayNode cs = status.putArray("containerStatuses");
        for (JsonNode c : pod.path("spec").path("containers")) {
            ObjectNode s = container(c, pod);
            s.put("ready", ready).put("started", true);
            s.putObject("state").putObject("running").put("startedAt", startTime);
            cs.add(s);
        }
        initContainers(status, pod, startTime);
        return status;
    }

    static ObjectNode terminated(JsonNode pod, String hostIp, java.util.List<String> podIps, String startTime, String phase) {
        ObjectNode status = base(pod, hostIp, podIps, startTime, phase);
        String now = now();
        conditions(status, now, false, "PodCompleted");
        ArrayNode cs = status.putArray("containerStatuses");
        boolean ok = phase.equals("Succeeded");
        for (JsonNode c : pod.path("spec").path("containers")) {
            ObjectNode s = container(c, pod);
            s.put("ready", false).put("started", false);
            s.putObject("state").putObject("terminated").put("exitCode", ok ? 0 : 1)
                    .put("reason", ok ? "Completed" : "Error").put("startedAt", startTime).put("finishedAt", now)
                    .put("containerID", containerId(pod, c));
            cs.add(s);
        }
        initContainers(status, pod, startTime);
        return status;
    }

    /** podIP is the first of podIPs (one per family, the cluster's primary family first), as the API demands. */
    private static ObjectNode base(JsonNode pod, String hostIp, java.util.List<String> podIps, String startTime, String phase) {
        ObjectNode status = M.createObjectNode();
        status.put("phase", phase).put("hostIP", hostIp).put("podIP", podIps.getFirst()).put("startTime", startTime)
                .put("qosClass", qosClass(pod));
        status.putArray("hostIPs").addObject().put("ip", hostIp);
        ArrayNode ips = status.putArray("podIPs");
        podIps.forEach(ip -> ips.addObject().put("ip", ip));
        return status;
    }

    private static void conditions(ObjectNode status, String now, boolean ready, String notReadyReason) {
        ArrayNode conds = status.putArray("conditions");
        cond(conds, "PodReadyToStartContainers", true, now, null);
        cond(conds, "Initialized", true, now, null);
        cond(conds, "Ready", ready, now, notReadyReason);
        cond(conds, "ContainersReady", ready, now, notReadyReason);
        cond(conds, "PodScheduled", true, now, null);
    }

    private static void cond(ArrayNode conds, String type, boolean ok, String now, String reason) {
        ObjectNode c = conds.addObject().put("type", type).put("status", ok ? "True" : "False");
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", now);
        if (!ok && reason != null) {
            c.put("reason", reason);
        }
    }

    private static ObjectNode container(JsonNode c, JsonNode pod) {
        String image = c.path("image").asText("");
        ObjectNode s = M.createObjectNode();
        s.put("name", c.path("name").asText()).put("image", image)
                .put("imageID", "hollow://" + image).put("containerID", containerId(pod, c)).put("restartCount", 0);
        return s;
    }

    private static void initContainers(ObjectNode status, JsonNode pod, String startTime) {
        JsonNode inits = pod.path("spec").path("initContainers");
        if (inits.isEmpty()) {
            return;
        }
        ArrayNode out = status.putArray("initContainerStatuses");
        for (JsonNode c : inits) {
            ObjectNode s = container(c, pod);
            s.put("ready", true).put("started", false);
            s.putObject("state").putObject("terminated").put("exitCode", 0).put("reason", "Completed")
                    .put("startedAt", startTime).put("finishedAt", startTime).put("containerID", containerId(pod, c));
            out.add(s);
        }
    }

    private static String containerId(JsonNode pod, JsonNode c) {
        return "hollow://" + pod.path("metadata").path("uid").asText() + "/" + c.path("name").asText();
    }

    /** The class the API server recorded at create (kept on every status write), else computed as it does. */
    static String qosClass(JsonNode pod) {
        String recorded = pod.path("status").path("qosClass").asText("");
        return recorded.isEmpty() ? io.k3j.quota.QosClass.of(pod).name() : recorded;
    }

    static String now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
