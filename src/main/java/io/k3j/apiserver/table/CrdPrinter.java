package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows of custom resources from a CRD version's additionalPrinterColumns. The Name column always comes first; a
 * version without columns gets Age (type date). A cell whose path selects nothing is null (kubectl prints a
 * blank); only the first match is printed.
 */
public final class CrdPrinter implements Printer {

    private record Spec(Column column, JsonPath path) {
    }

    private final List<Column> columns;
    private final List<Spec> specs;

    private CrdPrinter(List<Spec> specs) {
        this.specs = List.copyOf(specs);
        List<Column> cols = new ArrayList<>();
        cols.add(Column.objectName());
        specs.forEach(s -> cols.add(s.column()));
        this.columns = List.copyOf(cols);
    }

    /**
     * The printer of one served version of a CRD ({@code spec.versions[].additionalPrinterColumns}).
     *
     * @throws IllegalArgumentException if the version is not in the CRD or a column's jsonPath is unsupported
     */
    public static CrdPrinter forVersion(JsonNode crd, String version) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (version.equals(v.path("name").asText())) {
                return fromColumns(v.path("additionalPrinterColumns"));
            }
        }
        throw new IllegalArgumentException("version " + version + " not found in CRD "
                + crd.path("metadata").path("name").asText());
    }

    /** A printer from an {@code additionalPrinterColumns} array (missing or empty: the default Age column). */
    public static CrdPrinter fromColumns(JsonNode additionalPrinterColumns) {
        List<Spec> specs = new ArrayList<>();
        if (!additionalPrinterColumns.isArray() || additionalPrinterColumns.isEmpty()) {
            specs.add(new Spec(new Column("Age", "date", "", Column.CREATED_DOC, 0),
                    JsonPath.parse(".metadata.creationTimestamp")));
            return new CrdPrinter(specs);
        }
        for (JsonNode c : additionalPrinterColumns) {
            String path = c.path("jsonPath").asText();
            String description = c.path("description").asText("");
            if (description.isEmpty()) {
                description = "Custom resource definition column (in JSONPath format): " + path;
            }
            Column column = new Column(c.path("name").asText(), c.path("type").asText(),
                    c.path("format").asText(""), description, c.path("priority").asInt(0));
            specs.add(new Spec(column, JsonPath.parse(path)));
        }
        return new CrdPrinter(specs);
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public List<Object> cells(JsonNode object, Instant now) {
        List<Object> cells = new ArrayList<>();
        cells.add(Fields.text(object, "metadata", "name"));
        for (Spec spec : specs) {
            JsonNode value = spec.path().first(object);
            cells.add(value == null || value.isNull() ? null : cell(spec.column().type(), value, now));
        }
        return cells;
    }

    /** Upstream's cellForJSONValue: a value of the wrong JSON type for the column becomes null. */
    static Object cell(String type, JsonNode value, Instant now) {
        return switch (type) {
            case "string" -> goText(value);
            case "integer" -> value.isNumber() ? (Object) value.asLong() : null;
            case "number" -> value.isNumber() ? (Object) value.asDouble() : null;
            case "boolean" -> value.isBoolean() ? (Object) value.asBoolean() : null;
            case "date" -> {
                if (!value.isTextual()) {
                    yield null;
                }
                try {
                    yield HumanDuration.since(Instant.parse(value.asText()), now);
                } catch (DateTimeParseException e) {
                    yield "<invalid>";
                }
            }
            default -> null;
        };
    }

    /** How Go's fmt prints a decoded JSON value: maps as map[k:v], arrays as [a b]. */
    static String goText(JsonNode v) {
        if (v.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            v.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            List<String> parts = new ArrayList<>();
            sorted.forEach((k, x) -> parts.add(k + ":" + goText(x)));
            return "map[" + String.join(" ", parts) + "]";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (Iterator<JsonNode> it = v.elements(); it.hasNext();) {
                parts.add(goText(it.next()));
            }
            return "[" + String.join(" ", parts) + "]";
        }
        if (v.isNull()) {
            return "<nil>";
        }
        if (v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble())) {
            return String.valueOf((long) v.asDouble()); // Go prints float64(3) as 3
        }
        return v.asText();
    }
}
