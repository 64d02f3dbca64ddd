package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Format.NONE;
import static io.k3j.apiserver.table.Format.UNKNOWN;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Node rows: STATUS from the Ready condition plus SchedulingDisabled, ROLES from node-role labels. */
final class NodePrinter implements Printer {

    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    /** The legacy single-role label, still honoured by upstream. */
    private static final String ROLE_LABEL = "kubernetes.io/role";

    private static final List<Column> COLUMNS = List.of(
            Column.objectName(),
            Column.string("Status", "The status of the node"),
            Column.string("Roles", "The roles of the node"),
            Column.age(),
            Column.string("Version", "Kubelet Version reported by the node."),
            Column.string("Internal-IP", "List of addresses reachable to the node.").wide(),
            Column.string("External-IP", "List of addresses reachable to the node.").wide(),
            Column.string("OS-Image", "OS Image reported by the node from /etc/os-release.").wide(),
            Column.string("Kernel-Version", "Kernel Version reported by the node from 'uname -r'.").wide(),
            Column.string("Container-Runtime", "Container runtime version reported by the node.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode node, Instant now) {
        JsonNode info = node.path("status").path("nodeInfo");
        return List.of(
                Fields.text(node, "metadata", "name"),
                status(node),
                roles(node.path("metadata").path("labels")),
                Format.age(node.path("metadata").path("creationTimestamp"), now),
                Fields.text(info, "kubeletVersion"),
                address(node, "InternalIP"),
                address(node, "ExternalIP"),
                Format.orDefault(Fields.text(info, "osImage"), UNKNOWN),
                Format.orDefault(Fields.text(info, "kernelVersion"), UNKNOWN),
                Format.orDefault(Fields.text(info, "containerRuntimeVersion"), UNKNOWN));
    }

    private static String status(JsonNode node) {
        List<String> status = new ArrayList<>();
        Fields.find(node.path("status").path("conditions"), "type", "Ready").ifPresent(c ->
                status.add("True".equals(c.path("status").asText()) ? "Ready" : "NotReady"));
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (Fields.bool(node, "spec", "unschedulable")) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    static String roles(JsonNode labels) {
        TreeSet<String> roles = new TreeSet<>();
        labels.properties().forEach(e -> {
            String key = e.getKey();
            if (key.startsWith(ROLE_PREFIX) && key.length() > ROLE_PREFIX.length()) {
                roles.add(key.substring(ROLE_PREFIX.length()));
            } else if (key.equals(ROLE_LABEL) && !e.getValue().asText().isEmpty()) {
                roles.add(e.getValue().asText());
            }
        });
        return roles.isEmpty() ? NONE : String.join(",", roles);
    }

    private static String address(JsonNode node, String type) {
        return Fields.find(node.path("status").path("addresses"), "type", type)
                .map(a -> a.path("address").asText()).orElse(NONE);
    }
}
