package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * One metadata.managedFields entry. Entries are identified by manager, operation and subresource, plus
 * apiVersion for Update entries only (upstream's manager identifier ignores apiVersion for Apply).
 */
public record ManagedFieldsEntry(String manager, Operation operation, String apiVersion, Instant time,
                                 String subresource, FieldSet fields) {

    public enum Operation {
        Apply, Update
    }

    /** Upstream's encoding order: Apply before Update, then time, manager, apiVersion, subresource. */
    static final Comparator<ManagedFieldsEntry> ORDER = Comparator
            .comparing((ManagedFieldsEntry e) -> e.operation().name())
            .thenComparing(e -> e.time() == null ? 0L : e.time().getEpochSecond())
            .thenComparing(ManagedFieldsEntry::manager)
            .thenComparing(e -> e.apiVersion() == null ? "" : e.apiVersion())
            .thenComparing(e -> e.subresource() == null ? "" : e.subresource());

    public ManagedFieldsEntry {
        subresource = subresource == null ? "" : subresource;
    }

    boolean sameIdentity(String manager, Operation operation, String apiVersion, String subresource) {
        return this.manager.equals(manager) && this.operation == operation
                && this.subresource.equals(subresource == null ? "" : subresource)
                && (operation == Operation.Apply || this.apiVersion.equals(apiVersion));
    }

    ManagedFieldsEntry withFields(FieldSet f) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, time, subresource, f);
    }

    ManagedFieldsEntry withTime(Instant t) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, t, subresource, fields);
    }

    /**
     * How a conflict names this manager: quoted name, the subresource if any, and for Update entries the
     * apiVersion they wrote with (never the time: upstream's identifier drops it).
     */
    String describe() {
        StringBuilder b = new StringBuilder("\"").append(manager).append('"');
        if (!subresource.isEmpty()) {
            b.append(" with subresource \"").append(subresource).append('"');
        }
        if (operation == Operation.Update) {
            b.append(" using ").append(apiVersion);
        }
        return b.toString();
    }

    /** The JSON upstream uses as the manager identifier; conflicts are grouped and sorted by it. */
    String identifier() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("manager", manager).put("operation", operation.name());
        if (operation == Operation.Update) {
            o.put("apiVersion", apiVersion);
        }
        if (!subresource.isEmpty()) {
            o.put("subresource", subresource);
        }
        return o.toString();
    }

    static ManagedFieldsEntry fromJson(JsonNode n) {
        String op = n.path("operation").asText();
        if (!op.equals("Apply") && !op.equals("Update")) {
            throw new PatchException.Invalid("invalid managedFields entry: operation must be Apply or Update");
        }
        Instant time = n.hasNonNull("time") ? Instant.parse(n.get("time").asText()) : null;
        return new ManagedFieldsEntry(n.path("manager").asText(""), Operation.valueOf(op), n.path("apiVersion").asText(""),
                time, n.path("subresource").asText(""), FieldSet.fromFieldsV1(n.get("fieldsV1")));
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("manager", manager);
        o.put("operation", operation.name());
        o.put("apiVersion", apiVersion);
        if (time != null) {
            o.put("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
        }
        o.put("fieldsType", "FieldsV1");
        o.set("fieldsV1", fields.toFieldsV1());
        if (!subresource.isEmpty()) {
            o.put("subresource", subresource);
        }
        return o;
    }
}
