package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Format.NONE;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Pod rows; READY, STATUS and RESTARTS come from {@link PodStatus}, the wide cells from spec and status. */
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
        PodStatus s = PodStatus.of(pod);
        String restarts = String.valueOf(s.restarts());
        if (s.restarts() != 0 && s.lastRestart() != null) {
            restarts = s.restarts() + " (" + HumanDuration.since(s.lastRestart(), now) + " ago)";
        }
        List<Object> cells = new ArrayList<>();
        cells.add(Fields.text(pod, "metadata", "name"));
        cells.add(s.ready() + "/" + s.total());
        cells.add(s.reason());
        cells.add(restarts);
        cells.add(Format.age(pod.path("metadata").path("creationTimestamp"), now));
        cells.add(Format.orDefault(podIp(pod.path("status")), NONE));
        cells.add(Format.orDefault(Fields.text(pod, "spec", "nodeName"), NONE));
        cells.add(Format.orDefault(Fields.text(pod, "status", "nominatedNodeName"), NONE));
        cells.add(readinessGates(pod));
        return cells;
    }

    /** podIPs[0]; upstream's v1-to-internal conversion fills podIPs from the singular podIP when it is empty. */
    private static String podIp(JsonNode status) {
        String ip = Fields.text(status.path("podIPs").path(0), "ip");
        return ip.isEmpty() && status.path("podIPs").isEmpty() ? Fields.text(status, "podIP") : ip;
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
