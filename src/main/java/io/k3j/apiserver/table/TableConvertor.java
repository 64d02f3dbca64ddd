package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds {@code meta.k8s.io/v1} Tables, the body kube-apiserver returns for
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}. Pure: objects in, JSON out.
 */
public final class TableConvertor {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Function<GroupVersionKind, Printer> printers;

    /** @param printers the printer of a kind; lets the caller add CRD printers in front of the built-in ones */
    public TableConvertor(Function<GroupVersionKind, Printer> printers) {
        this.printers = Objects.requireNonNull(printers, "printers");
    }

    /** A convertor for the built-in kinds; other kinds get the default Name / Created At table. */
    public static TableConvertor builtin() {
        return new TableConvertor(Printers::forKind);
    }

    /** The Table of a list response; {@code list} carries the list's resourceVersion, continue and remainingItemCount. */
    public ObjectNode toTable(List<JsonNode> objects, GroupVersionKind kind, TableOptions opts, ListMeta list,
            Instant now) {
        return toTable(objects, printers.apply(kind), opts, list, now);
    }

    /** The Table of a single GET (or one watch event): one row, resourceVersion taken from the object. */
    public ObjectNode toTable(JsonNode object, GroupVersionKind kind, TableOptions opts, Instant now) {
        String rv = Fields.textOrNull(object.path("metadata").path("resourceVersion"));
        return toTable(List.of(object), printers.apply(kind), opts, ListMeta.of(rv), now);
    }

    /** The Table of {@code objects} printed by {@code printer}. */
    public static ObjectNode toTable(List<JsonNode> objects, Printer printer, TableOptions opts, ListMeta list,
            Instant now) {
        ObjectNode table = JSON.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.set("metadata", listMeta(list));
        if (opts.noHeaders()) {
            table.putNull("columnDefinitions"); // Go leaves the slice nil and encodes it as null
        } else {
            ArrayNode columns = table.putArray("columnDefinitions");
            for (Column c : printer.columns()) {
                columns.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                        .put("description", c.description()).put("priority", c.priority());
            }
        }
        if (objects.isEmpty() && printer.nullRowsWhenEmpty()) {
            table.putNull("rows");
            return table;
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            rows.add(row(object, printer, opts, now));
        }
        return table;
    }

    private static ObjectNode row(JsonNode object, Printer printer, TableOptions opts, Instant now) {
        ObjectNode row = JSON.objectNode();
        ArrayNode cells = row.putArray("cells");
        for (Object cell : printer.cells(object, now)) {
            cells.add(cell(cell));
        }
        List<Printer.RowCondition> conditions = printer.conditions(object);
        if (!conditions.isEmpty()) {
            ArrayNode array = row.putArray("conditions");
            for (Printer.RowCondition c : conditions) {
                array.addObject().put("type", c.type()).put("status", c.status()).put("reason", c.reason())
                        .put("message", c.message());
            }
        }
        switch (opts.includeObject()) {
            case NONE -> row.putNull("object"); // an empty RawExtension encodes as null upstream
            case OBJECT -> row.set("object", object);
            case METADATA -> row.set("object", partialObjectMetadata(object));
        }
        return row;
    }

    /**
     * Re-labels a Table built here as {@code meta.k8s.io/v1beta1} for clients that only accept that version; the
     * shape is identical, only the apiVersion of the Table and its PartialObjectMetadata rows change.
     */
    public static ObjectNode asV1beta1(ObjectNode table) {
        table.put("apiVersion", "meta.k8s.io/v1beta1");
        JsonNode rows = table.path("rows");
        for (JsonNode row : rows) {
            JsonNode object = row.path("object");
            if (object.isObject() && "PartialObjectMetadata".equals(object.path("kind").asText())) {
                ((ObjectNode) object).put("apiVersion", "meta.k8s.io/v1beta1");
            }
        }
        return table;
    }

    /** What {@code includeObject=Metadata} embeds: the object's full metadata under PartialObjectMetadata. */
    public static ObjectNode partialObjectMetadata(JsonNode object) {
        ObjectNode partial = JSON.objectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        JsonNode metadata = object.path("metadata");
        partial.set("metadata", metadata.isObject() ? metadata.deepCopy() : JSON.objectNode());
        return partial;
    }

    private static ObjectNode listMeta(ListMeta list) {
        ObjectNode meta = JSON.objectNode();
        if (list.resourceVersion() != null && !list.resourceVersion().isEmpty()) {
            meta.put("resourceVersion", list.resourceVersion());
        }
        if (list.continueToken() != null && !list.continueToken().isEmpty()) {
            meta.put("continue", list.continueToken());
        }
        if (list.remainingItemCount() != null) {
            meta.put("remainingItemCount", list.remainingItemCount());
        }
        return meta;
    }

    private static JsonNode cell(Object value) {
        return switch (value) {
            case null -> JSON.nullNode();
            case String s -> JSON.textNode(s);
            case Long l -> JSON.numberNode(l);
            case Integer i -> JSON.numberNode(i.longValue());
            // Go encodes float64(3) as 3; keep integral numbers integral on the wire.
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 -> JSON.numberNode(d.longValue());
            case Double d -> JSON.numberNode(d);
            case Boolean b -> JSON.booleanNode(b);
            case JsonNode n -> n;
            default -> JSON.textNode(value.toString());
        };
    }
}
