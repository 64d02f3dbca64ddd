package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Format.NONE;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pod rows: READY, STATUS and RESTARTS follow kube-apiserver's printPod, which walks init containers first (the
 * first unfinished one decides the status), then regular containers from last to first (so the first container's
 * waiting or terminated reason wins).
 */
final class PodPrinter implements Printer {

    private static final List<Column> COLUMNS = List.of(
            Column.objectName(),
            Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Column.string("Status", "The aggregate status of the containers in this pod."),
            Column.string("Restarts", "The number of times the containers in this pod have been restarted and "
                    + "when the last container in this pod has restarted."),
            Column.age(),
            Column.string("IP", "IP address allocated to the pod.").wide(),
            Column.string("Node", "Name of the node the pod is bound to.").wide(),
            Column.string("Nominated Node", "Node the scheduler nominated for this pod during preemption.").wide(),
            Column.string("Readiness Gates", "Readiness gates that are true, out of all of them.").wide());

    /** The status reason the node lifecycle controller sets on pods of an unreachable node. */
    private static final String NODE_LOST = "NodeLost";

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<RowCondition> conditions(JsonNode pod) {
        return switch (Fields.text(pod, "status", "phase")) {
            case "Succeeded" -> List.of(new RowCondition("Completed", "True", "Succeeded",
                    "The pod has completed successfully."));
            case "Failed" -> List.of(new RowCondition("Completed", "True", "Failed", "The pod failed."));
            default -> List.of();
        };
    }

    @Override
    public List<Object> cells(JsonNode pod, Instant now) {
        Summary s = summarize(pod);
        String restarts = String.valueOf(s.restarts);
        if (s.restarts != 0 && s.lastRestart != null) {
            restarts = s.restarts + " (" + HumanDuration.since(s.lastRestart, now) + " ago)";
        }
        List<Object> cells = new ArrayList<>();
        cells.add(Fields.text(pod, "metadata", "name"));
        cells.add(s.ready + "/" + s.total);
        cells.add(s.reason);
        cells.add(restarts);
        cells.add(Format.age(pod.path("metadata").path("creationTimestamp"), now));
        cells.add(Format.orDefault(podIp(pod.path("status")), NONE));
        cells.add(Format.orDefault(Fields.text(pod, "spec", "nodeName"), NONE));
        cells.add(Format.orDefault(Fields.text(pod, "status", "nominatedNodeName"), NONE));
        cells.add(readinessGates(pod));
        return cells;
    }

    /** READY counts, STATUS reason and restart summary of one pod. */
    static final class Summary {
        int ready;
        int total;
        String reason;
        int restarts;
        Instant lastRestart;
    }

    static Summary summarize(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        Summary s = new Summary();
        s.total = spec.path("containers").size();
        String phase = Fields.text(status, "phase");
        s.reason = Format.orDefault(Fields.text(status, "reason"), phase);
        for (JsonNode c : Fields.items(status, "conditions")) {
            if ("PodScheduled".equals(c.path("type").asText()) && "SchedulingGated".equals(c.path("reason").asText())) {
                s.reason = "SchedulingGated";
            }
        }

        // Sidecars (init containers with restartPolicy Always) count as containers of the running pod.
        Set<String> sidecars = new HashSet<>();
        for (JsonNode c : Fields.items(spec, "initContainers")) {
            if ("Always".equals(c.path("restartPolicy").asText())) {
                sidecars.add(c.path("name").asText());
                s.total++;
            }
        }
        int initCount = spec.path("initContainers").size();

        int sidecarRestarts = 0;
        Instant lastSidecarRestart = null;
        boolean initializing = false;
        List<JsonNode> initStatuses = Fields.items(status, "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode c = initStatuses.get(i);
            boolean sidecar = sidecars.contains(c.path("name").asText());
            int count = (int) c.path("restartCount").asLong();
            Instant finished = lastFinished(c).orElse(null);
            s.restarts += count;
            s.lastRestart = later(s.lastRestart, finished);
            if (sidecar) {
                sidecarRestarts += count;
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            JsonNode state = c.path("state");
            JsonNode terminated = state.path("terminated");
            JsonNode waiting = state.path("waiting");
            if (terminated.isObject() && terminated.path("exitCode").asLong() == 0) {
                continue;
            }
            if (sidecar && c.path("started").asBoolean(false)) {
                if (c.path("ready").asBoolean(false)) {
                    s.ready++;
                }
                continue;
            }
            if (terminated.isObject()) {
                String r = Fields.text(terminated, "reason");
                s.reason = !r.isEmpty() ? "Init:" + r : exitText("Init:", terminated);
            } else if (waiting.isObject() && !Fields.text(waiting, "reason").isEmpty()
                    && !"PodInitializing".equals(Fields.text(waiting, "reason"))) {
                s.reason = "Init:" + Fields.text(waiting, "reason");
            } else {
                s.reason = "Init:" + i + "/" + initCount;
            }
            initializing = true;
            break;
        }

        if (!initializing || Fields.conditionTrue(status.path("conditions"), "Initialized")) {
            s.restarts = sidecarRestarts;
            s.lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = Fields.items(status, "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode c = statuses.get(i);
                s.restarts += (int) c.path("restartCount").asLong();
                s.lastRestart = later(s.lastRestart, lastFinished(c).orElse(null));
                JsonNode state = c.path("state");
                JsonNode terminated = state.path("terminated");
                String waitingReason = Fields.text(state, "waiting", "reason");
                if (!waitingReason.isEmpty()) {
                    s.reason = waitingReason;
                } else if (terminated.isObject() && !Fields.text(terminated, "reason").isEmpty()) {
                    s.reason = Fields.text(terminated, "reason");
                } else if (terminated.isObject()) {
                    s.reason = exitText("", terminated);
                } else if (c.path("ready").asBoolean(false) && state.path("running").isObject()) {
                    hasRunning = true;
                    s.ready++;
                }
            }
            // A container that still runs beats another's "Completed".
            if ("Completed".equals(s.reason) && hasRunning) {
                s.reason = Fields.conditionTrue(status.path("conditions"), "Ready") ? "Running" : "NotReady";
            }
        }

        boolean deleting = Fields.present(pod.path("metadata").path("deletionTimestamp"));
        if (deleting && NODE_LOST.equals(Fields.text(status, "reason"))) {
            s.reason = "Unknown";
        } else if (deleting && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            s.reason = "Terminating";
        }
        return s;
    }

    /** podIPs[0]; upstream's v1-to-internal conversion fills podIPs from the singular podIP when it is empty. */
    private static String podIp(JsonNode status) {
        String ip = Fields.text(status.path("podIPs").path(0), "ip");
        return ip.isEmpty() && status.path("podIPs").isEmpty() ? Fields.text(status, "podIP") : ip;
    }

    private static String exitText(String prefix, JsonNode terminated) {
        long signal = terminated.path("signal").asLong();
        return signal != 0 ? prefix + "Signal:" + signal : prefix + "ExitCode:" + terminated.path("exitCode").asLong();
    }

    private static Optional<Instant> lastFinished(JsonNode containerStatus) {
        JsonNode t = containerStatus.path("lastState").path("terminated");
        return t.isObject() ? Fields.time(t.path("finishedAt")) : Optional.empty();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b != null && b.isAfter(a) ? b : a;
    }

    private static String readinessGates(JsonNode pod) {
        List<JsonNode> gates = Fields.items(pod, "spec", "readinessGates");
        if (gates.isEmpty()) {
            return NONE;
        }
        int trueCount = 0;
        for (JsonNode gate : gates) {
            if (Fields.conditionTrue(pod.path("status").path("conditions"), gate.path("conditionType").asText())) {
                trueCount++;
            }
        }
        return trueCount + "/" + gates.size();
    }
}
