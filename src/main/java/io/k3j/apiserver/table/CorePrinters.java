package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.table.Printer.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The simpler core/v1 kinds plus policy and coordination: mostly one computed cell each. */
final class CorePrinters {

    private CorePrinters() {
    }

    static Printer namespace() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Status", "The status of the namespace"), o -> text(o, "status", "phase")),
                Field.age());
    }

    static Printer configMap() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Data", "Number of keys in data and binaryData."),
                        o -> Fields.size(o, "data") + Fields.size(o, "binaryData")),
                Field.age());
    }

    static Printer secret() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Type", "The type of the secret"), o -> text(o, "type")),
                Field.of(Column.string("Data", "Number of keys in data."), o -> Fields.size(o, "data")),
                Field.age());
    }

    static Printer serviceAccount() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Secrets", "Number of secrets listed by the service account."),
                        o -> Fields.size(o, "secrets")),
                Field.age());
    }

    static Printer resourceQuota() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Request", "Used and hard request quotas."), o -> quota(o, false)),
                Field.of(Column.string("Limit", "Used and hard limit quotas."), o -> quota(o, true)),
                Field.age());
    }

    static Printer componentStatus() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Status", "Status of the component conditions"),
                        o -> healthy(o).map(c -> "True".equals(text(c, "status")) ? "Healthy" : "Unhealthy")
                                .orElse("Unknown")),
                Field.of(Column.string("Message", "Message of the component conditions"),
                        o -> healthy(o).map(c -> text(c, "message")).orElse("")),
                Field.of(Column.string("Error", "Error of the component conditions"),
                        o -> healthy(o).map(c -> text(c, "error")).orElse("")));
    }

    static Printer podDisruptionBudget() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Min Available", "The minimum number of pods that must be available."),
                        o -> intOrString(o.path("spec").path("minAvailable"))),
                Field.of(Column.string("Max Unavailable", "The maximum number of pods that may be unavailable."),
                        o -> intOrString(o.path("spec").path("maxUnavailable"))),
                Field.of(Column.integer("Allowed Disruptions", "Number of pod disruptions that are currently allowed."),
                        o -> Fields.integer(o, "status", "disruptionsAllowed")),
                Field.age());
    }

    static Printer lease() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Holder", "The holder of the lease."), o -> text(o, "spec", "holderIdentity")),
                Field.age());
    }

    private static java.util.Optional<JsonNode> healthy(JsonNode cs) {
        return Fields.find(cs.path("conditions"), "type", "Healthy");
    }

    private static String intOrString(JsonNode n) {
        return Fields.present(n) ? n.asText() : "N/A";
    }

    /** "name: used/hard" per resource, sorted by name; resources named limits.* go to the LIMIT column. */
    private static String quota(JsonNode rq, boolean limits) {
        JsonNode hard = rq.path("status").path("hard");
        JsonNode used = rq.path("status").path("used");
        TreeSet<String> names = new TreeSet<>();
        hard.fieldNames().forEachRemaining(names::add);
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith("limits.") == limits) {
                String u = Fields.present(used.path(name)) ? Quantity.canonical(used.path(name).asText()) : "0";
                parts.add(name + ": " + u + "/" + Quantity.canonical(hard.path(name).asText()));
            }
        }
        return String.join(", ", parts);
    }
}
