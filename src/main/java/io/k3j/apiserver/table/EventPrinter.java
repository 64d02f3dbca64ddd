package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Events of core/v1 and events.k8s.io/v1. Upstream prints both from its internal Event type; the events.k8s.io
 * field names (regarding, note, deprecated*) are mapped onto the core ones here.
 */
final class EventPrinter implements Printer {

    private static final List<Column> COLUMNS = List.of(
            Column.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Column.string("Type", "Type of this event (Normal, Warning)."),
            Column.string("Reason", "A short, machine understandable string that gives the reason for the event."),
            Column.string("Object", "The object that this event is about."),
            Column.string("Subobject", "The field of the object the event is about.").wide(),
            Column.string("Source", "The component reporting this event.").wide(),
            Column.string("Message", "A human-readable description of the status of this operation."),
            Column.string("First Seen", "The time at which the event was first recorded.").wide(),
            Column.string("Count", "The number of times this event has occurred.").wide(),
            new Column("Name", "string", "name", Column.NAME_DOC, 1));

    private final boolean eventsApi;

    /** @param eventsApi true for events.k8s.io/v1 objects */
    EventPrinter(boolean eventsApi) {
        this.eventsApi = eventsApi;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode e, Instant now) {
        JsonNode involved = e.path(eventsApi ? "regarding" : "involvedObject");
        JsonNode source = e.path(eventsApi ? "deprecatedSource" : "source");
        JsonNode first = e.path(eventsApi ? "deprecatedFirstTimestamp" : "firstTimestamp");
        JsonNode last = e.path(eventsApi ? "deprecatedLastTimestamp" : "lastTimestamp");
        long count = e.path(eventsApi ? "deprecatedCount" : "count").asLong(0);

        String firstSeen = Fields.time(first).isPresent()
                ? Format.age(first, now) : Format.age(e.path("eventTime"), now);
        String lastSeen = Fields.time(last).isPresent() ? Format.age(last, now) : firstSeen;
        JsonNode series = e.path("series");
        if (series.isObject()) {
            lastSeen = Format.age(series.path("lastObservedTime"), now);
            count = series.path("count").asLong(0);
        } else if (count == 0) {
            count = 1; // singleton events of the new API carry no count
        }

        String kind = Fields.text(involved, "kind").toLowerCase();
        String name = Fields.text(involved, "name");
        String component = firstNonEmpty(Fields.text(source, "component"), Fields.text(e, "reportingController"));
        String host = firstNonEmpty(Fields.text(source, "host"), Fields.text(e, "reportingInstance"));
        String sourceText = host.isEmpty() ? component : component + ", " + host;

        return List.of(
                lastSeen,
                Fields.text(e, "type"),
                Fields.text(e, "reason"),
                name.isEmpty() ? kind : kind + "/" + name,
                Fields.text(involved, "fieldPath"),
                sourceText,
                Fields.text(e, eventsApi ? "note" : "message").strip(),
                firstSeen,
                count,
                Fields.text(e, "metadata", "name"));
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
