package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Turns one object into one Table row. kube-apiserver always generates the wide cells (kubectl hides priority 1
 * columns itself), so {@link #cells} returns one cell per column. Cells are String, Long, Double, Boolean or null.
 */
public interface Printer {

    List<Column> columns();

    List<Object> cells(JsonNode object, Instant now);

    /**
     * Whether an empty list encodes {@code "rows":null}: upstream's default convertor appends rows to a nil slice,
     * while the printers and the CRD convertor start from an empty one.
     */
    default boolean nullRowsWhenEmpty() {
        return false;
    }

    /** Row conditions; upstream only sets them for finished pods. */
    default List<RowCondition> conditions(JsonNode object) {
        return List.of();
    }

    /** A Table row condition ({@code rows[].conditions[]}). */
    record RowCondition(String type, String status, String reason, String message) {
    }

    /** A column and how to compute its cell: the data-driven form most kinds need. */
    record Field(Column column, BiFunction<JsonNode, Instant, Object> cell) {

        static Field of(Column column, Function<JsonNode, Object> cell) {
            return new Field(column, (o, now) -> cell.apply(o));
        }

        static Field name() {
            return of(Column.objectName(), o -> Fields.text(o, "metadata", "name"));
        }

        static Field age() {
            return new Field(Column.age(), (o, now) -> Format.age(o.path("metadata").path("creationTimestamp"), now));
        }

        /** creationTimestamp re-rendered as UTC RFC 3339 seconds; Go's zero time when absent. */
        static Field createdAt() {
            return of(Column.createdAt(), o -> Fields.time(o.path("metadata").path("creationTimestamp"))
                    .map(t -> DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)))
                    .orElse("0001-01-01T00:00:00Z"));
        }
    }

    /** A printer made of fields, in column order. */
    static Printer of(Field... fields) {
        List<Field> list = List.of(fields);
        List<Column> columns = list.stream().map(Field::column).toList();
        return new Printer() {
            @Override
            public List<Column> columns() {
                return columns;
            }

            @Override
            public List<Object> cells(JsonNode object, Instant now) {
                List<Object> cells = new ArrayList<>(list.size());
                for (Field f : list) {
                    cells.add(f.cell().apply(object, now));
                }
                return cells;
            }
        };
    }
}
