package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * READY, STATUS and RESTARTS of a pod, computed the way kube-apiserver's printPod does: init containers first (the
 * first unfinished one decides the status and stops the walk), then regular containers from last to first, so the
 * first container's waiting or terminated reason wins; deletion overrides the rest.
 *
 * @param ready       ready containers (plus started, ready sidecars)
 * @param total       containers plus sidecars (init containers with restartPolicy Always)
 * @param reason      the STATUS cell
 * @param restarts    restart count shown
 * @param lastRestart when the last counted container restarted, or null
 */
record PodStatus(int ready, int total, String reason, int restarts, Instant lastRestart) {

    /** The status reason the node lifecycle controller sets on pods of an unreachable node. */
    private static final String NODE_LOST = "NodeLost";

    static PodStatus of(JsonNode pod) {
        Walk w = new Walk(pod);
        w.initContainers();
        if (!w.initializing || Fields.conditionTrue(w.status.path("conditions"), "Initialized")) {
            w.containers();
        }
        w.deletion(pod.path("metadata"));
        return new PodStatus(w.ready, w.total, w.reason, w.restarts, w.lastRestart);
    }

    /** The mutable state of one walk over a pod's container statuses. */
    private static final class Walk {
        final JsonNode spec;
        final JsonNode status;
        final String phase;
        final Set<String> sidecars = new HashSet<>();
        int ready;
        int total;
        String reason;
        int restarts;
        Instant lastRestart;
        int sidecarRestarts;
        Instant lastSidecarRestart;
        boolean initializing;

        Walk(JsonNode pod) {
            spec = pod.path("spec");
            status = pod.path("status");
            phase = Fields.text(status, "phase");
            reason = Format.orDefault(Fields.text(status, "reason"), phase);
            for (JsonNode c : Fields.items(status, "conditions")) {
                if ("PodScheduled".equals(Fields.text(c, "type")) && "SchedulingGated".equals(Fields.text(c, "reason"))) {
                    reason = "SchedulingGated";
                }
            }
            total = spec.path("containers").size();
            for (JsonNode c : Fields.items(spec, "initContainers")) {
                if ("Always".equals(Fields.text(c, "restartPolicy"))) {
                    sidecars.add(Fields.text(c, "name"));
                    total++;
                }
            }
        }

        void initContainers() {
            List<JsonNode> statuses = Fields.items(status, "initContainerStatuses");
            for (int i = 0; i < statuses.size(); i++) {
                JsonNode c = statuses.get(i);
                boolean sidecar = sidecars.contains(Fields.text(c, "name"));
                countRestarts(c, sidecar);
                JsonNode terminated = c.path("state").path("terminated");
                if (terminated.isObject() && terminated.path("exitCode").asLong() == 0) {
                    continue;
                }
                if (sidecar && c.path("started").asBoolean(false)) {
                    ready += c.path("ready").asBoolean(false) ? 1 : 0;
                    continue;
                }
                reason = initReason(c, i);
                initializing = true;
                break;
            }
        }

        private String initReason(JsonNode c, int index) {
            JsonNode terminated = c.path("state").path("terminated");
            String waiting = Fields.text(c, "state", "waiting", "reason");
            if (terminated.isObject()) {
                String r = Fields.text(terminated, "reason");
                return r.isEmpty() ? exitText("Init:", terminated) : "Init:" + r;
            }
            if (!waiting.isEmpty() && !waiting.equals("PodInitializing")) {
                return "Init:" + waiting;
            }
            return "Init:" + index + "/" + spec.path("initContainers").size();
        }

        private void countRestarts(JsonNode c, boolean sidecar) {
            int count = (int) c.path("restartCount").asLong();
            Instant finished = lastFinished(c).orElse(null);
            restarts += count;
            lastRestart = later(lastRestart, finished);
            if (sidecar) {
                sidecarRestarts += count;
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
        }

        /** Regular containers; only sidecar restarts carry over from the init phase. */
        void containers() {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = Fields.items(status, "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode c = statuses.get(i);
                restarts += (int) c.path("restartCount").asLong();
                lastRestart = later(lastRestart, lastFinished(c).orElse(null));
                JsonNode state = c.path("state");
                JsonNode terminated = state.path("terminated");
                String waiting = Fields.text(state, "waiting", "reason");
                if (!waiting.isEmpty()) {
                    reason = waiting;
                } else if (terminated.isObject()) {
                    String r = Fields.text(terminated, "reason");
                    reason = r.isEmpty() ? exitText("", terminated) : r;
                } else if (c.path("ready").asBoolean(false) && state.path("running").isObject()) {
                    hasRunning = true;
                    ready++;
                }
            }
            // A container that still runs beats another's "Completed".
            if ("Completed".equals(reason) && hasRunning) {
                reason = Fields.conditionTrue(status.path("conditions"), "Ready") ? "Running" : "NotReady";
            }
        }

        void deletion(JsonNode metadata) {
            if (!Fields.present(metadata.path("deletionTimestamp"))) {
                return;
            }
            if (NODE_LOST.equals(Fields.text(status, "reason"))) {
                reason = "Unknown";
            } else if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                reason = "Terminating";
            }
        }
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
}
